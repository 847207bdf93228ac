// The HTML matrix of `conform matrix`: implementations as columns, vector suites, rule ids and
// vector groups as rows, each cell marked and coloured by the worst outcome of its vectors; a
// failing cell links to the list of its failing vectors under that implementation. Filters narrow
// the rows (by kind, to failing rows, to rows where implementations disagree, by text).
import { svgImage } from './bench-figure.js';
import { clip, esc, slug } from './html.js';
import type { MatrixCell, MatrixDocument, MatrixFailure, MatrixRow, RowKind } from './matrix.js';
import { MATRIX_SCRIPT } from './matrix-script.js';
import { type Counts, describeCounts, OUTCOMES, worstOf } from './outcomes.js';
import { renderPage } from './page.js';
import { ruleInfo } from './rules.js';
import { cellText, renderLegend } from './run-page.js';

export interface MatrixPageOptions {
  /** A chart to embed: an SVG document, e.g. what @conform/bench's renderSvg draws. */
  readonly benchSvg?: string;
  readonly title?: string;
}

const KIND_LABEL: Record<RowKind, string> = {
  suite: 'Vector suites',
  rule: 'Rules (docs/spec.md)',
  group: 'Vector groups (file · flag)',
};

const countsOf = (c: MatrixCell): Counts => ({
  pass: c.pass,
  fail: c.fail,
  error: c.error,
  'expected-fail': c.expectedFail,
  acceptable: c.acceptable,
  skip: c.skip,
});

const shortLabel = (label: string) => label.replace(/\/+$/, '').split('/').pop() ?? label;
const cellAnchor = (k: number, row: MatrixRow) => slug(`c${k}`, row.kind, row.id);
/** `f2-e2e_decrypt-17` for `e2e_decrypt_test.json#17` in the third column: short, and readable in a URL. */
const failureAnchor = (k: number, test: string) => {
  const [file, tcId] = splitTest(test);
  return slug(`f${k}`, suiteName(file), tcId);
};
const splitTest = (test: string): [string, string] => {
  const at = test.lastIndexOf('#');
  return [test.slice(0, at), test.slice(at + 1)];
};
const suiteName = (file: string) => file.replace(/_test\.json$/, '');
const rowLabel = (row: MatrixRow) =>
  row.kind === 'group'
    ? row.id.replace(/(_test\.json)? /, ' · ')
    : row.kind === 'suite'
      ? suiteName(row.id)
      : row.id;

function renderCell(row: MatrixRow, cell: MatrixCell | null, k: number, column: string): string {
  if (cell === null) return '<td class="o-none">·</td>';
  const counts = countsOf(cell);
  const worst = worstOf(counts)!;
  // A tooltip only where the cell's text does not already say it all (more than one outcome). The
  // table's row and column headers name the cell for screen readers.
  const outcomes = Object.values(counts).filter((n) => n > 0).length;
  const title =
    outcomes > 1 ? ` title="${esc(`${rowLabel(row)}, ${column}: ${describeCounts(counts)}`)}"` : '';
  const text = esc(cellText(counts));
  return cell.failing.length > 0
    ? `<td class="o-${worst}"><a href="#${esc(cellAnchor(k, row))}"${title}>${text}</a></td>`
    : `<td class="o-${worst}"${title}>${text}</td>`;
}

/** Worst outcomes of a row's cells, skips and empty cells aside: more than one means they disagree. */
function disagrees(row: MatrixRow): boolean {
  const worst = new Set(
    row.cells.flatMap((c) => {
      const w = c === null ? undefined : worstOf(countsOf(c));
      return w === undefined || w === 'skip' ? [] : [w === 'error' ? 'fail' : w];
    }),
  );
  return worst.size > 1;
}

function renderTable(doc: MatrixDocument): string {
  const columns = doc.implementations.map((impl) => shortLabel(impl.label));
  const head = doc.implementations
    .map(
      (impl, k) =>
        `<th scope="col"><a href="#${slug('impl', k)}" title="${esc(`${impl.label} (${impl.name})`)}">${esc(columns[k]!).replace(/[-_.]/g, '$&<wbr>')}</a></th>`,
    )
    .join('');
  const body: string[] = [];
  for (const kind of ['suite', 'rule', 'group'] as const) {
    const rows = doc.rows.filter((r) => r.kind === kind);
    if (rows.length === 0) continue;
    body.push(
      `<tr class="kind" data-kind="${kind}"><th scope="rowgroup" colspan="${columns.length + 2}">${esc(KIND_LABEL[kind])}</th></tr>`,
    );
    for (const row of rows) {
      const failing = row.cells.some((c) => c !== null && c.failing.length > 0);
      body.push(
        `<tr data-kind="${kind}" data-f="${failing ? 1 : 0}" data-d="${disagrees(row) ? 1 : 0}">` +
          `<th scope="row">${esc(rowLabel(row))}</th><td class="rt" title="${esc(row.title)}">${esc(clip(row.title, 70))}</td>` +
          row.cells.map((c, k) => renderCell(row, c, k, columns[k]!)).join('') +
          '</tr>',
      );
    }
  }
  return (
    `<div class="scroll"><table class="grid" id="matrix"><caption class="muted">Each cell: the worst outcome of the row’s vectors for that implementation, ` +
    `with failing/total (or the count); a failing cell links to its failing vectors.</caption>` +
    `<thead><tr><th scope="col">row</th><th scope="col">what</th>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>`
  );
}

function renderFilters(doc: MatrixDocument): string {
  const kinds = (['suite', 'rule', 'group'] as const).filter((k) => doc.rows.some((r) => r.kind === k));
  return (
    `<div class="filters" id="filters" hidden role="search" aria-label="Filter the rows">` +
    `<fieldset><legend>Rows</legend>${kinds
      .map(
        (k) =>
          `<button type="button" data-kind="${k}" aria-pressed="true">${esc(KIND_LABEL[k])} (${doc.rows.filter((r) => r.kind === k).length})</button>`,
      )
      .join('')}</fieldset>` +
    `<label><input type="checkbox" id="f-failing"> only rows with a failure</label>` +
    `<label><input type="checkbox" id="f-differ"> only rows where implementations disagree</label>` +
    `<label>Text <input type="search" id="f-text" placeholder="rule, suite, flag, words"></label>` +
    `<p id="f-count" class="count" role="status" aria-live="polite"></p></div>`
  );
}

function renderImplementations(doc: MatrixDocument): string {
  const linked = doc.implementations.some((impl) => impl.reportHref !== undefined);
  const rows = doc.implementations.map((impl, k) => {
    const s = impl.summary;
    const verdict = impl.stopped
      ? `<span class="badge o-error">${OUTCOMES.error.symbol} stopped</span>`
      : s.fail + s.error > 0
        ? `<span class="badge o-fail">${OUTCOMES.fail.symbol} fail</span>`
        : s.pass + s.acceptable + s.expectedFail === 0
          ? `<span class="badge o-skip">${OUTCOMES.skip.symbol} nothing ran</span>`
          : `<span class="badge o-pass">${OUTCOMES.pass.symbol} pass</span>`;
    const hello = impl.hello ? `${esc(impl.hello.name)} ${esc(impl.hello.version)}` : '—';
    const report = impl.reportHref !== undefined ? `<a href="${esc(impl.reportHref)}">full report</a>` : '';
    return (
      `<tr><th scope="row"><a href="#${slug('impl', k)}">${esc(impl.label)}</a></th><td>${hello}</td><td>${verdict}</td>` +
      `<td>${s.pass}</td><td>${s.fail}</td><td>${s.error}</td><td>${s.acceptable}</td><td>${s.skip}</td>` +
      `<td>${impl.exitCode}</td><td>${(impl.durationMs / 1000).toFixed(1)} s</td>${linked ? `<td>${report}</td>` : ''}</tr>`
    );
  });
  return (
    `<div class="scroll"><table class="grid" id="impls"><thead><tr><th scope="col">implementation</th><th scope="col">hello</th>` +
    `<th scope="col">verdict</th><th scope="col">${OUTCOMES.pass.symbol} pass</th><th scope="col">${OUTCOMES.fail.symbol} fail</th>` +
    `<th scope="col">${OUTCOMES.error.symbol} error</th><th scope="col">${OUTCOMES.acceptable.symbol} acceptable</th>` +
    `<th scope="col">${OUTCOMES.skip.symbol} skipped</th><th scope="col">exit</th><th scope="col">time</th>${linked ? '<th scope="col">report</th>' : ''}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>`
  );
}

function renderFailureItem(f: MatrixFailure, k: number): string {
  const o = OUTCOMES[f.outcome];
  const rules = f.rules.map((id) => `<a href="#${esc(slug('rule', id))}">${esc(id)}</a>`).join(', ');
  return (
    `<li class="vec" id="${esc(failureAnchor(k, f.test))}" tabindex="-1"><span class="badge o-${f.outcome}">${o.symbol} ${esc(o.label)}</span> ` +
    `<span class="tname">${esc(f.test)}</span> <code>${esc(f.op)}</code> ${esc(clip(f.comment, 160))}` +
    `<div class="failure"><p class="detail">${esc(f.detail)}</p>` +
    `<div class="flags">flags: ${esc(f.flags.join(', ') || '—')}${rules !== '' ? `; rules: ${rules}` : ''}</div></div></li>`
  );
}

function renderImplementationSection(doc: MatrixDocument, k: number): string {
  const impl = doc.implementations[k]!;
  const failures = doc.failures[k] ?? [];
  const parts = [
    `<section class="impl" aria-labelledby="${slug('impl', k)}"><h3 id="${slug('impl', k)}" tabindex="-1">${esc(impl.label)} <span class="muted">— ${esc(impl.name)}${impl.hello ? `, ${esc(impl.hello.name)} ${esc(impl.hello.version)}` : ''}</span></h3>`,
    `<p>command: <code>${esc(impl.command.join(' '))}</code>; exit ${impl.exitCode}; ${esc(
      describeCounts({
        pass: impl.summary.pass,
        fail: impl.summary.fail,
        error: impl.summary.error,
        'expected-fail': impl.summary.expectedFail,
        acceptable: impl.summary.acceptable,
        skip: impl.summary.skip,
      }),
    )}${impl.reportHref !== undefined ? `; <a href="${esc(impl.reportHref)}">full report</a>` : ''}</p>`,
  ];
  if (impl.stopped)
    parts.push(
      `<p class="banner o-error">${OUTCOMES.error.symbol} stopped (${esc(impl.stopped.code)}): ${esc(clip(impl.stopped.message, 500))}</p>`,
    );
  if (failures.length === 0) {
    parts.push('<p>No failing vectors.</p></section>');
    return parts.join('');
  }
  // Where each failing cell of this column points: the row and its failing vectors.
  const refs = doc.rows.flatMap((row) => {
    const cell = row.cells[k];
    if (cell === null || cell === undefined || cell.failing.length === 0) return [];
    // The failing vectors file by file: `e2e_decrypt #1 #2; mtproto2 #4`.
    const byFile = new Map<string, string[]>();
    for (const t of cell.failing) {
      const [file, tcId] = splitTest(t);
      byFile.set(file, [
        ...(byFile.get(file) ?? []),
        `<a href="#${esc(failureAnchor(k, t))}">#${esc(tcId)}</a>`,
      ]);
    }
    const links = [...byFile]
      .map(([file, list]) => `<span class="mono">${esc(suiteName(file))}</span> ${list.join(' ')}`)
      .join('; ');
    return [
      `<li class="cellref" id="${esc(cellAnchor(k, row))}" tabindex="-1"><b>${esc(rowLabel(row))}</b> (${cell.failing.length}): ${links}</li>`,
    ];
  });
  parts.push(
    `<h4>Failing cells</h4><ul class="cellrefs">${refs.join('')}</ul>`,
    `<h4>Failing vectors (${failures.length})</h4><ol class="results">${failures.map((f) => renderFailureItem(f, k)).join('')}</ol></section>`,
  );
  return parts.join('');
}

export function renderMatrix(doc: MatrixDocument, options: MatrixPageOptions = {}): string {
  const title = options.title ?? `conform matrix: ${doc.implementations.length} implementations`;
  const sub = [
    doc.generatedAt !== undefined
      ? `run ${doc.generatedAt.replace('T', ' ').replace(/(:\d\d)?(\.\d+)?Z$/, ' UTC')}`
      : '',
    doc.machine !== undefined ? `on ${doc.machine}` : '',
    `seed ${doc.seed}${doc.strict ? ', --strict' : ''}`,
  ].filter((s) => s !== '');
  const ruleIds = [...new Set(doc.rows.filter((r) => r.kind === 'rule').map((r) => r.id))];
  const body = [
    `<header><h1>${esc(title)}</h1><p class="muted">${esc(sub.join(', '))}</p></header>`,
    `<section aria-labelledby="h-impls"><h2 id="h-impls">Implementations</h2>${renderImplementations(doc)}</section>`,
    `<section aria-labelledby="h-matrix"><h2 id="h-matrix">Matrix</h2>${renderLegend()}${renderFilters(doc)}${renderTable(doc)}</section>`,
    options.benchSvg !== undefined
      ? `<section aria-labelledby="h-bench" class="bench"><h2 id="h-bench">Benchmark</h2>${doc.bench !== undefined ? `<p class="muted">from ${esc(doc.bench.source)}</p>` : ''}<figure>${svgImage(options.benchSvg, 'conform bench chart: throughput of the implementations against message size')}</figure></section>`
      : '',
    `<section aria-labelledby="h-fails"><h2 id="h-fails">Failures by implementation</h2>${doc.implementations.map((_, k) => renderImplementationSection(doc, k)).join('')}</section>`,
    // The rule links of the failure lists lead here.
    `<section aria-labelledby="h-rules"><h2 id="h-rules">The rules (docs/spec.md)</h2><dl class="rules-full">${ruleIds
      .map((id) => {
        const info = ruleInfo(id);
        return (
          `<dt id="${esc(slug('rule', id))}" tabindex="-1">${esc(id)}${info !== undefined ? ` <span class="muted">§ ${esc(info.section)}</span>` : ''}</dt>` +
          `<dd class="rtext">${esc(info?.text ?? '(not a rule of docs/spec.md)')}</dd>`
        );
      })
      .join('')}</dl></section>`,
    `<footer class="muted"><p>Written by conform matrix. Symbols: ${Object.values(OUTCOMES)
      .map((o) => `${o.symbol} ${o.label}`)
      .join(', ')}.</p></footer>`,
  ].join('\n');
  return renderPage({ title, body, script: MATRIX_SCRIPT });
}

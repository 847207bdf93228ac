// `conform run … --html FILE`: one self-contained page for one run. Top to bottom: the verdict, the
// counts, a grid of rule ids × suites coloured (and marked) by the worst outcome, every vector with
// its outcome — failures in full — behind filters by outcome, suite and text, the full text of the
// rules, and the implementation's stderr.
import { type FailureContext, renderFailureBody, vectorId } from './failure.js';
import { clip, esc, slug, tailOf } from './html.js';
import { bundledNote, type NoteLookup } from './notes.js';
import {
  type Counts,
  describeCounts,
  emptyCounts,
  OUTCOME_ORDER,
  OUTCOMES,
  totalOf,
  worstOf,
} from './outcomes.js';
import { renderPage } from './page.js';
import { compareRuleIds, ruleInfo } from './rules.js';
import { type Outcome, type RunReportLike, type TestResultLike, isFailure, testName } from './run-input.js';
import { RUN_SCRIPT } from './run-script.js';

export interface RunPageOptions {
  /** Failures shown in full; the rest get their one-line detail. Default 300. */
  readonly maxDetailed?: number;
  /** Flag descriptions; default the bundled vector files' notes. */
  readonly noteOf?: NoteLookup;
  /** A line under the title, e.g. when and where the run was made. */
  readonly subtitle?: string;
}

/** A row header for results that cite no rule. */
const NO_RULE = '(no rule)';
const suiteOf = (file: string) => file.replace(/_test\.json$/, '').replace(/\.json$/, '');

interface GridCell {
  readonly counts: Counts;
  /** The first failing (or expected-fail) vector of the cell, for its link. */
  first?: TestResultLike;
}

function buildGrid(results: readonly TestResultLike[]) {
  const files = [...new Set(results.map((r) => r.file))];
  const rules = [...new Set(results.flatMap((r) => (r.rules.length > 0 ? r.rules : [NO_RULE])))].sort(
    compareRuleIds,
  );
  const cells = new Map<string, GridCell>();
  for (const r of results) {
    for (const rule of r.rules.length > 0 ? r.rules : [NO_RULE]) {
      const key = `${rule}\n${r.file}`;
      const cell = cells.get(key) ?? { counts: emptyCounts() };
      cell.counts[r.outcome]++;
      if (cell.first === undefined && (isFailure(r) || r.outcome === 'expected-fail')) cell.first = r;
      cells.set(key, cell);
    }
  }
  return { files, rules, cell: (rule: string, file: string) => cells.get(`${rule}\n${file}`) };
}

export function cellText(c: Counts): string {
  const worst = worstOf(c)!;
  const total = totalOf(c);
  const bad = c.fail + c.error;
  if (worst === 'fail' || worst === 'error') return `${OUTCOMES[worst].symbol} ${bad}/${total}`;
  if (worst === 'expected-fail') return `${OUTCOMES[worst].symbol} ${c['expected-fail']}/${total}`;
  if (worst === 'acceptable') return `${OUTCOMES[worst].symbol} ${c.acceptable}/${total}`;
  return `${OUTCOMES[worst].symbol} ${total}`;
}

function renderGrid(results: readonly TestResultLike[], ruleAnchor: (id: string) => string): string {
  const grid = buildGrid(results);
  const head = grid.files.map((f) => `<th scope="col"><code>${esc(suiteOf(f))}</code></th>`).join('');
  const rows = grid.rules.map((rule) => {
    const info = ruleInfo(rule);
    const th =
      rule === NO_RULE
        ? `<th scope="row">${esc(rule)}</th>`
        : `<th scope="row"><a href="#${esc(ruleAnchor(rule))}">${esc(rule)}</a></th>`;
    const title = `<td class="rt" title="${esc(info?.section ?? '')}">${esc(clip(info?.text.split('\n')[0] ?? '', 70))}</td>`;
    const tds = grid.files.map((file) => {
      const cell = grid.cell(rule, file);
      if (cell === undefined) return '<td class="o-none">·</td>';
      const worst = worstOf(cell.counts)!;
      const what = `${rule} in ${suiteOf(file)}: ${describeCounts(cell.counts)}`;
      const text = esc(cellText(cell.counts));
      return cell.first !== undefined
        ? `<td class="o-${worst}"><a href="#${esc(vectorId('v', cell.first.file, cell.first.tcId))}" title="${esc(what)}; go to ${esc(testName(cell.first.file, cell.first.tcId))}" aria-label="${esc(what)}">${text}</a></td>`
        : `<td class="o-${worst}" title="${esc(what)}"><span class="c">${text}</span></td>`;
    });
    return `<tr>${th}${title}${tds.join('')}</tr>`;
  });
  return (
    `<div class="scroll"><table class="grid" id="grid"><caption class="muted">Rule ids (rows) × vector suites (columns): ` +
    `each cell is the worst outcome of the suite’s vectors that cite the rule, with failing/total; a failing cell links to its first failing vector.</caption>` +
    `<thead><tr><th scope="col">rule</th><th scope="col">rule text (start)</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

export function renderLegend(): string {
  return `<p class="legend">${OUTCOME_ORDER.map(
    (o) => `<span><span class="badge o-${o}">${OUTCOMES[o].symbol} ${esc(OUTCOMES[o].label)}</span></span>`,
  ).join('')}</p>`;
}

function verdict(report: RunReportLike): { outcome: Outcome; text: string } {
  const s = report.summary;
  const stale = report.expectFail?.stale.length ?? 0;
  if (report.stopped)
    return {
      outcome: 'error',
      text: `‼ STOPPED — the implementation failed as a process (${report.stopped.code})`,
    };
  if (report.interrupted) return { outcome: 'skip', text: '○ INTERRUPTED — the report is partial' };
  if (s.fail + s.error + stale > 0) {
    const parts = [];
    if (s.fail) parts.push(`${s.fail} fail`);
    if (s.error) parts.push(`${s.error} error`);
    if (stale) parts.push(`${stale} stale expected-failure entr${stale === 1 ? 'y' : 'ies'}`);
    return { outcome: 'fail', text: `✗ FAIL — ${parts.join(', ')}` };
  }
  if (s.selected - s.notRun === 0 || s.pass + s.acceptable + s.expectedFail === 0)
    return { outcome: 'skip', text: '○ NOTHING RAN' };
  return { outcome: 'pass', text: '✓ PASS — every vector as expected' };
}

function renderSummary(report: RunReportLike): string {
  const s = report.summary;
  const counts: [Outcome, number][] = [
    ['pass', s.pass],
    ['fail', s.fail],
    ['error', s.error],
    ['expected-fail', s.expectedFail],
    ['acceptable', s.acceptable],
    ['skip', s.skip],
  ];
  const chips = counts
    .filter(([o, n]) => n > 0 || o === 'pass' || o === 'fail')
    .map(([o, n]) => `<li class="o-${o}">${OUTCOMES[o].symbol} ${n} ${esc(OUTCOMES[o].label)}</li>`);
  if (s.notRun > 0) chips.push(`<li class="o-skip">… ${s.notRun} not run</li>`);
  const hello = report.implementation.hello;
  const ran = s.selected - s.notRun;
  const meta: [string, string][] = [
    ['implementation', esc(report.implementation.name)],
    ['command', `<code>${esc(report.implementation.command.join(' '))}</code>`],
  ];
  if (hello) meta.push(['hello', `${esc(hello.name)} ${esc(hello.version)}, ${hello.ops.length} ops`]);
  meta.push(
    ['vectors', `${s.selected} selected`],
    ['exit code', String(report.exitCode)],
    [
      'duration',
      `${(report.durationMs / 1000).toFixed(1)} s, ${(ran / Math.max(0.001, report.durationMs / 1000)).toFixed(0)} tests/s`,
    ],
    ['seed', `<code>${esc(report.seed)}</code>${report.strict ? ', --strict' : ''}`],
  );
  if (report.restarts > 0) meta.push(['restarts', String(report.restarts)]);
  if (report.expectFail)
    meta.push(['expect-fail', `${esc(report.expectFail.source)} (${report.expectFail.entries} entries)`]);
  return (
    `<ul class="chips" aria-label="counts">${chips.join('')}</ul>` +
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`
  );
}

function renderProblems(report: RunReportLike): string {
  const out: string[] = [];
  if (report.stopped) {
    const st = report.stopped;
    out.push(
      `<section aria-labelledby="h-stopped"><h2 id="h-stopped">‼ The implementation failed as a process</h2>`,
      `<p><code>${esc(st.code)}</code>: ${esc(clip(st.message, 1000))}</p>`,
    );
    if (st.line !== undefined) out.push(`<p>offending line:</p><pre>${esc(clip(st.line, 1000))}</pre>`);
    if (st.stderrTail !== '')
      out.push(`<p>implementation stderr (tail):</p><pre>${esc(tailOf(st.stderrTail))}</pre>`);
    out.push('</section>');
  }
  const stale = report.expectFail?.stale ?? [];
  if (stale.length > 0) {
    out.push(
      `<section aria-labelledby="h-stale"><h2 id="h-stale">✗ Stale expected-failure entries (${stale.length})</h2><ul>`,
      ...stale.map(
        (e) => `<li><code>${esc(e.id)}</code> (${esc(e.kind)}): ${esc(clip(e.message, 500))}</li>`,
      ),
      '</ul></section>',
    );
  }
  if (report.warnings.length > 0) {
    out.push(
      '<section aria-labelledby="h-warn"><h2 id="h-warn">Warnings</h2><ul>',
      ...report.warnings.map((w) => `<li>⚠ ${esc(clip(w, 500))}</li>`),
      '</ul></section>',
    );
  }
  return out.join('');
}

/** The failures, a line each, first on the page: what a person reading a failed CI job wants. */
function renderGlance(failures: readonly TestResultLike[], max = 40): string {
  if (failures.length === 0) return '';
  const items = failures.slice(0, max).map((r) => {
    const o = OUTCOMES[r.outcome];
    return (
      `<li><a href="#${esc(vectorId('v', r.file, r.tcId))}">${o.symbol} ${esc(testName(r.file, r.tcId))}</a> ` +
      `<code>${esc(r.op)}</code> <span class="muted">${esc(r.rules.join(', '))}</span> — ${esc(clip(r.detail, 160))}</li>`
    );
  });
  const more = failures.length > max ? `<p>… and ${failures.length - max} more, below.</p>` : '';
  return (
    `<section aria-labelledby="h-glance"><h2 id="h-glance">Failures (${failures.length})</h2>` +
    `<ol class="glance">${items.join('')}</ol>${more}</section>`
  );
}

function renderFilters(results: readonly TestResultLike[], initial: ReadonlySet<Outcome>): string {
  const counts = emptyCounts();
  for (const r of results) counts[r.outcome]++;
  const buttons = OUTCOME_ORDER.filter((o) => counts[o] > 0).map(
    (o) =>
      `<button type="button" data-outcome="${o}" aria-pressed="${initial.has(o)}" class="o-${o}">${OUTCOMES[o].symbol} ${esc(OUTCOMES[o].label)} (${counts[o]})</button>`,
  );
  const files = [...new Set(results.map((r) => r.file))];
  const options = files.map((f, i) => `<option value="${i}">${esc(suiteOf(f))}</option>`).join('');
  return (
    `<div class="filters" id="filters" hidden role="search" aria-label="Filter the vectors">` +
    `<fieldset><legend>Outcome</legend>${buttons.join('')}</fieldset>` +
    `<label>Suite <select id="f-suite"><option value="">all suites</option>${options}</select></label>` +
    `<label>Text <input type="search" id="f-text" placeholder="tcId, op, comment, flag, rule"></label>` +
    `<button type="button" id="f-all">show all</button>` +
    `<p id="f-count" class="count" role="status" aria-live="polite"></p></div>`
  );
}

function renderResult(r: TestResultLike, suiteIndex: number, detailed: boolean, ctx: FailureContext): string {
  const o = OUTCOMES[r.outcome];
  const name = testName(r.file, r.tcId);
  const line =
    `<span class="badge o-${r.outcome}">${o.symbol} ${esc(o.label)}</span> ` +
    `<span class="tname">${esc(name)}</span> <code>${esc(r.op)}</code> ${esc(clip(r.comment, 200))}`;
  const needsDetail = isFailure(r) || r.outcome === 'expected-fail';
  let body = '';
  if (needsDetail && detailed) body = renderFailureBody(r, ctx);
  else if (needsDetail || (r.outcome !== 'pass' && r.detail !== ''))
    body = `<div class="failure"><p class="detail">${esc(clip(r.detail, 300))}</p>${
      r.rules.length > 0
        ? `<div class="flags">flags: ${esc(r.flags.join(', '))}; rules: ${esc(r.rules.join(', '))}</div>`
        : ''
    }</div>`;
  // Passing vectors are one short line each: the bulk of a page, and nothing links to them.
  const focus = needsDetail ? ' tabindex="-1"' : '';
  const keys = esc([...r.flags, ...r.rules].join(' '));
  return `<li id="${esc(vectorId('v', r.file, r.tcId))}"${focus} data-o="${r.outcome}" data-s="${suiteIndex}" data-k="${keys}">${line}${body}</li>`;
}

/** The whole page for one run report. */
export function renderRunReport(report: RunReportLike, options: RunPageOptions = {}): string {
  const maxDetailed = options.maxDetailed ?? 300;
  const noteOf = options.noteOf ?? bundledNote;
  const ruleAnchor = (id: string) => slug('rule', id);
  const stderrId = report.stderrTail !== undefined && report.stderrTail !== '' ? 'stderr' : undefined;
  const ctx: FailureContext = {
    noteOf,
    ...(stderrId !== undefined ? { stderrId } : {}),
    ruleId: (id) => (ruleInfo(id) !== undefined ? ruleAnchor(id) : undefined),
  };
  const v = verdict(report);
  const failures = report.results.filter((r) => isFailure(r) || r.outcome === 'expected-fail');
  const initial = new Set<Outcome>(failures.length > 0 ? ['fail', 'error', 'expected-fail'] : OUTCOME_ORDER);
  let detailed = 0;
  const files = [...new Set(report.results.map((r) => r.file))];
  const items = report.results.map((r) => {
    const full = (isFailure(r) || r.outcome === 'expected-fail') && detailed++ < maxDetailed;
    return renderResult(r, files.indexOf(r.file), full, ctx);
  });
  const cut = Math.max(0, failures.length - maxDetailed);
  const rules = [...new Set(report.results.flatMap((r) => r.rules))].sort(compareRuleIds);
  const ruleTexts = rules
    .map((id) => {
      const info = ruleInfo(id);
      if (info === undefined) return '';
      return `<dt id="${esc(ruleAnchor(id))}" tabindex="-1">${esc(id)} <span class="muted">§ ${esc(info.section)}</span></dt><dd class="rtext">${esc(info.text)}</dd>`;
    })
    .join('');
  const title = `conform run: ${report.implementation.name}`;
  const body = [
    `<header><h1>${esc(title)}</h1>`,
    options.subtitle !== undefined ? `<p class="muted">${esc(options.subtitle)}</p>` : '',
    `</header><p class="banner o-${v.outcome}" id="verdict">${esc(v.text)} (exit ${report.exitCode})</p>`,
    `<section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>${renderSummary(report)}</section>`,
    renderProblems(report),
    renderGlance(failures),
    `<section aria-labelledby="h-grid"><h2 id="h-grid">Rules × suites</h2>${renderLegend()}${renderGrid(report.results, ruleAnchor)}</section>`,
    `<section aria-labelledby="h-results"><h2 id="h-results">Vectors <span class="count">(${failures.length} failing of ${report.results.length})</span></h2>`,
    renderFilters(report.results, initial),
    cut > 0
      ? `<p>${maxDetailed} failures are shown in full; ${cut} more have their one-line detail (the --json report has everything).</p>`
      : '',
    `<ol class="results" id="results">${items.join('')}</ol></section>`,
    ruleTexts !== ''
      ? `<section aria-labelledby="h-rules"><h2 id="h-rules">The rules (docs/spec.md)</h2><dl class="rules-full">${ruleTexts}</dl></section>`
      : '',
    stderrId !== undefined
      ? `<section aria-labelledby="h-stderr"><h2 id="h-stderr">Implementation stderr (tail)</h2><pre id="${stderrId}" tabindex="-1">${esc(tailOf(report.stderrTail!, 60, 6000))}</pre></section>`
      : '',
    `<footer class="muted"><p>Written by conform. Symbols: ${OUTCOME_ORDER.map((o) => `${OUTCOMES[o].symbol} ${OUTCOMES[o].label}`).join(', ')}.</p></footer>`,
  ].join('\n');
  return renderPage({ title, body, script: RUN_SCRIPT });
}

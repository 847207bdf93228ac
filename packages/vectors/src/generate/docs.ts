// The two generated companions of the vector files, written next to them by the same run and
// checked by the same byte-identical regeneration test:
// - COVERAGE.md: for every rule of docs/spec.md §1–§8 (and every divergence of §12), how many
//   valid / invalid / acceptable vectors carry a flag whose note cites it, and which ones;
// - SOURCES.md: for every vector file, how it was made (area file, seed and rng labels, known-answer
//   sources, independent cross-checks).
// Both are computed from whatever areas exist, so an area added later shows up without edits here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VectorFile, VectorResult } from '../format.js';
import { GENERATOR_VERSION } from './build.js';
import { GENERATOR_SEED } from './context.js';

/** Rules that no protocol op can observe, with the reason (shown in COVERAGE.md). */
const NOT_OBSERVABLE: Readonly<Record<string, string>> = {
  'R3.12': 'a description of published attacks; the receiver order they motivate is R3.7/R3.8',
  'R4.1': 'messages.getDhConfig is a server call; implementations are given (p, g)',
};

/** How one vector file was made, recorded while its area ran. */
export interface AreaProvenance {
  /** The vector file name (`ige_test.json`). */
  readonly file: string;
  /** The name of the area factory in `AREAS` (`igeArea`). */
  readonly factory: string;
  /** Every label the area passed to `ctx.rng`, in first-use order. */
  readonly rngLabels: readonly string[];
}

export interface SpecRule {
  readonly id: string;
  /** `1. AES-256-IGE`: the `##` section the rule is in. */
  readonly section: string;
  /** The start of the rule's text, for humans. */
  readonly summary: string;
  /** Labelled [H]: history, nothing an implementation does; listed apart, never counted as uncovered. */
  readonly informative: boolean;
}

export interface SpecDivergence {
  readonly id: string;
  readonly topic: string;
}

/** Paths of the generated documents, relative to the package root. */
export const COVERAGE_DOC = 'COVERAGE.md';
export const SOURCES_DOC = 'SOURCES.md';

/** Rule ids are `**R<section>.<n>**` at the start of a line; the `##` headings give their sections. */
export function parseSpecRules(spec: string): SpecRule[] {
  const rules: SpecRule[] = [];
  let section = '';
  for (const line of spec.split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) section = heading[1]!.trim();
    const rule = /^\*\*(R[1-8]\.\d+)\*\*\s*((?:\[[A-Z]\])*)\s*(?:—\s*)?(.*)$/.exec(line);
    if (rule)
      rules.push({
        id: rule[1]!,
        section,
        summary: summarize(rule[3]!),
        informative: rule[2]!.includes('[H]'),
      });
  }
  return rules;
}

/** Divergences are the rows `| D<n> | topic | … |` of the §12 table. */
export function parseSpecDivergences(spec: string): SpecDivergence[] {
  const out: SpecDivergence[] = [];
  for (const line of spec.split('\n')) {
    const row = /^\| (D\d+) \| ([^|]+) \|/.exec(line);
    if (row) out.push({ id: row[1]!, topic: row[2]!.trim() });
  }
  return out;
}

function summarize(text: string): string {
  const plain = text.replace(/\*\*/g, '').replace(/\|/g, '\\|').trim();
  const stop = plain.search(/[.:;](\s|$)/);
  const clause = stop > 0 ? plain.slice(0, stop) : plain;
  if (clause.length <= 72) return clause;
  const cut = clause.slice(0, 72);
  return cut.slice(0, cut.lastIndexOf(' ')) + ' …';
}

interface Citation {
  readonly file: string;
  readonly tcId: number;
  readonly result: VectorResult;
}

/** Every (file, test) citing each id, a test counted once per id however many of its flags cite it. */
function citations(files: ReadonlyMap<string, VectorFile>): Map<string, Citation[]> {
  const byId = new Map<string, Citation[]>();
  for (const name of [...files.keys()].sort()) {
    const file = files.get(name)!;
    for (const group of file.testGroups) {
      for (const test of group.tests) {
        const ids = new Set(test.flags.flatMap((flag) => file.notes[flag]?.rules ?? []));
        for (const id of ids) {
          const list = byId.get(id) ?? [];
          list.push({ file: name, tcId: test.tcId, result: test.result });
          byId.set(id, list);
        }
      }
    }
  }
  return byId;
}

/** `ige_test.json#1-12, 15; tl_test.json#3`, shortened after `limit` ranges per file. */
export function formatTcIds(list: readonly Citation[], limit = 8): string {
  const byFile = new Map<string, number[]>();
  for (const c of list) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c.tcId]);
  const parts: string[] = [];
  for (const [file, ids] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    const ranges: string[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
      ranges.push(j === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
      i = j + 1;
    }
    const shown =
      ranges.length > limit ? [...ranges.slice(0, limit), `… (+${ranges.length - limit})`] : ranges;
    parts.push(`${file}#${shown.join(', ')}`);
  }
  return parts.join('; ');
}

function counts(list: readonly Citation[]): Record<VectorResult, number> {
  const n = { valid: 0, invalid: 0, acceptable: 0 };
  for (const c of list) n[c.result]++;
  return n;
}

export function coverageMarkdown(files: ReadonlyMap<string, VectorFile>, spec: string): string {
  const rules = parseSpecRules(spec);
  const divergences = parseSpecDivergences(spec);
  const cited = citations(files);
  const known = new Set([...rules.map((r) => r.id), ...divergences.map((d) => d.id)]);
  const normative = rules.filter((r) => !r.informative);
  const informative = rules.filter((r) => r.informative);
  const uncovered = normative.filter((r) => !cited.has(r.id));
  const unknown = [...cited.keys()].filter((id) => !known.has(id)).sort();
  const total = [...files.values()].reduce((n, f) => n + f.numberOfTests, 0);

  const out: string[] = [
    '# Vector coverage of docs/spec.md',
    '',
    'Generated by `packages/vectors/src/generate/docs.ts` from the vector files in `testvectors_v1/` and the rule ids',
    'of `docs/spec.md`; do not edit. Regenerate with `npm run generate -w @conform/vectors`.',
    '',
    'A vector counts for a rule when one of its flags has a note citing that rule (each vector once per rule).',
    `Files: ${[...files.keys()].sort().join(', ') || 'none'}; ${total} vectors; ` +
      `${normative.length - uncovered.length} of ${normative.length} rules covered` +
      (informative.length > 0 ? ` (and ${informative.length} informative, listed apart).` : '.'),
    '',
    '## Not yet covered',
    '',
  ];
  if (uncovered.length === 0) out.push('Every normative rule of §1–§8 has at least one vector.');
  else {
    out.push(
      'Rules marked "no protocol op" describe something no op of docs/design.md §3 can observe; the others',
      'are chat rules that wait for session transcripts (planned).',
      '',
      '| rule | section | rule text (start) | why |',
      '|---|---|---|---|',
    );
    for (const r of uncovered) {
      const why = NOT_OBSERVABLE[r.id];
      out.push(
        `| ${r.id} | ${r.section} | ${r.summary} | ${why ? `no protocol op: ${why}` : 'no vector yet'} |`,
      );
    }
  }
  if (informative.length > 0) {
    out.push(
      '',
      '## Informative',
      '',
      'Labelled [H] in docs/spec.md: a record of events (releases, fixes), nothing an implementation does, so nothing',
      'a vector could check. Cited vectors, if any, are listed in the table below all the same.',
      '',
      '| rule | section | rule text (start) |',
      '|---|---|---|',
      ...informative.map((r) => `| ${r.id} | ${r.section} | ${r.summary} |`),
    );
  }
  if (unknown.length > 0) {
    out.push(
      '',
      '## Cited but not in docs/spec.md',
      '',
      'Notes cite these ids, which docs/spec.md does not define:',
      '',
      ...unknown.map((id) => `- ${id}: ${formatTcIds(cited.get(id)!)}`),
    );
  }
  out.push('', '## Rules');
  let section = '';
  for (const r of rules) {
    if (r.section !== section) {
      section = r.section;
      out.push(
        '',
        `### ${section}`,
        '',
        '| rule | valid | invalid | acceptable | vectors |',
        '|---|---|---|---|---|',
      );
    }
    const list = cited.get(r.id) ?? [];
    const n = counts(list);
    out.push(
      `| ${r.id} | ${n.valid} | ${n.invalid} | ${n.acceptable} | ${list.length ? formatTcIds(list) : '—'} |`,
    );
  }
  out.push(
    '',
    '## Divergences (§12)',
    '',
    'Behaviour on which real clients differ; these vectors are normally `acceptable`.',
    '',
    '| id | topic | valid | invalid | acceptable | vectors |',
    '|---|---|---|---|---|---|',
  );
  for (const d of divergences) {
    const list = cited.get(d.id) ?? [];
    const n = counts(list);
    out.push(
      `| ${d.id} | ${d.topic} | ${n.valid} | ${n.invalid} | ${n.acceptable} | ${list.length ? formatTcIds(list) : '—'} |`,
    );
  }
  return out.join('\n') + '\n';
}

/** The area source file that produces `file`: the one under src/generate/areas naming it literally. */
function areaSource(areasDir: string, file: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(areasDir)
      .filter((n) => n.endsWith('.ts') && n !== 'index.ts')
      .sort();
  } catch {
    return undefined;
  }
  const hits = names.filter((n) => {
    const text = readFileSync(join(areasDir, n), 'utf8');
    return text.includes(`'${file}'`) || text.includes(`"${file}"`) || text.includes(`\`${file}\``);
  });
  return hits.length === 1 ? `src/generate/areas/${hits[0]}` : undefined;
}

export function sourcesMarkdown(
  files: ReadonlyMap<string, VectorFile>,
  provenance: readonly AreaProvenance[],
  areasDir: string,
): string {
  const out: string[] = [
    '# How each vector file was made',
    '',
    'Generated by `packages/vectors/src/generate/docs.ts` in the same run as the vector files; do not edit.',
    `Every file comes from the deterministic generator (version ${GENERATOR_VERSION}): random bytes are SHA-256 in`,
    `counter mode over the seed \`${GENERATOR_SEED}\` and a label (\`src/generate/context.ts\`), expected values from`,
    '`@conform/reference`, and each vector was recomputed by the independent implementations listed before the',
    'file was written (a disagreement stops generation).',
  ];
  for (const name of [...files.keys()].sort()) {
    const file = files.get(name)!;
    const prov = provenance.find((p) => p.file === name);
    const all = file.testGroups.flatMap((g) => g.tests);
    const n = counts(all.map((t) => ({ file: name, tcId: t.tcId, result: t.result })));
    const ops = [...new Set(file.testGroups.map((g) => g.op))];
    const src = areaSource(areasDir, name);
    out.push('', `## ${name}`, '');
    out.push(`- algorithm: ${file.algorithm}; schema \`schemas/${file.schema}\``);
    out.push(
      `- generator: ${src ? `\`${src}\`` : 'area file not found'}` +
        (prov ? ` (\`${prov.factory || 'anonymous'}\`)` : '') +
        `, generator version ${file.generatorVersion}`,
    );
    const labels = (prov?.rngLabels ?? []).map((l) => `\`${l}\``);
    const shownLabels = labels.length > 12 ? [...labels.slice(0, 10), `… (+${labels.length - 10})`] : labels;
    out.push(
      `- seed: \`${GENERATOR_SEED}\`; rng labels: ${shownLabels.length ? shownLabels.join(', ') : 'none (no generated randomness)'}`,
    );
    out.push(
      `- tests: ${file.numberOfTests} (${n.valid} valid, ${n.invalid} invalid, ${n.acceptable} acceptable) ` +
        `in ${file.testGroups.length} groups; ops ${ops.map((o) => `\`${o}\``).join(', ')}`,
    );
    const sources = new Map<string, { ops: Set<string>; tests: number }>();
    for (const g of file.testGroups) {
      if (g.source === undefined) continue;
      const entry = sources.get(g.source) ?? { ops: new Set<string>(), tests: 0 };
      entry.ops.add(g.op);
      entry.tests += g.tests.length;
      sources.set(g.source, entry);
    }
    if (sources.size === 0) out.push('- known answers: none; every vector is generated');
    else {
      out.push('- known answers (group `source`):');
      for (const [source, e] of sources)
        out.push(`  - ${source} — ${e.tests} tests (${[...e.ops].map((o) => `\`${o}\``).join(', ')})`);
    }
    out.push('- cross-checks (`crossValidation`):');
    for (const c of file.crossValidation)
      out.push(`  - ${c.implementation} — ${c.tests} tests agreed; covers ${c.covers}`);
  }
  return out.join('\n') + '\n';
}

export const SPEC_PATH = (packageRoot: string): string => join(packageRoot, '..', '..', 'docs', 'spec.md');

/** The generated documents, path (relative to the package root) → exact text. */
export function generateDocs(
  files: ReadonlyMap<string, VectorFile>,
  provenance: readonly AreaProvenance[],
  packageRoot: string,
): Map<string, string> {
  const spec = readFileSync(SPEC_PATH(packageRoot), 'utf8');
  return new Map([
    [COVERAGE_DOC, coverageMarkdown(files, spec)],
    [SOURCES_DOC, sourcesMarkdown(files, provenance, join(packageRoot, 'src', 'generate', 'areas'))],
  ]);
}

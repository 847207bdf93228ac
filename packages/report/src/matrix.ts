// `conform matrix`: the runs of several implementations over the same vectors, as one document
// (written as JSON, and what the HTML matrix is drawn from). Rows are the vector suites, the rule
// ids of docs/spec.md and the vector groups (a file's vectors that share a flag); columns are the
// implementations; a cell counts the row's vectors by outcome and names the failing ones.
import { clip } from './html.js';
import { bundledAlgorithm, bundledNote, type NoteLookup } from './notes.js';
import { compareRuleIds, ruleInfo } from './rules.js';
import { ruleHeadline } from './failure.js';
import { type Outcome, type RunReportLike, type TestResultLike, isFailure, testName } from './run-input.js';

export const MATRIX_FORMAT = 1;

export interface MatrixInput {
  /** How the implementation was named on the command line (`impls/reference`). */
  readonly label: string;
  readonly report: RunReportLike;
  /** A link to this implementation's own HTML report, relative to the matrix page. */
  readonly reportHref?: string;
}

export interface MatrixCell {
  readonly total: number;
  readonly pass: number;
  readonly fail: number;
  readonly error: number;
  readonly expectedFail: number;
  readonly acceptable: number;
  readonly skip: number;
  /** The row's vectors that failed or errored (`file#tcId`), then those expected to fail. */
  readonly failing: readonly string[];
}

export type RowKind = 'suite' | 'rule' | 'group';

export interface MatrixRow {
  readonly kind: RowKind;
  /** `ige_test.json`, `R3.7`, `e2e_decrypt_test.json ModifiedMsgKey`. */
  readonly id: string;
  readonly title: string;
  /** One per implementation, in column order; null where it ran no vector of the row. */
  readonly cells: readonly (MatrixCell | null)[];
}

export interface MatrixImplementation {
  readonly label: string;
  readonly name: string;
  readonly command: readonly string[];
  readonly hello?: { readonly name: string; readonly version: string; readonly ops: number };
  readonly exitCode: number;
  readonly summary: RunReportLike['summary'];
  readonly stopped?: { readonly code: string; readonly message: string };
  readonly interrupted: boolean;
  readonly durationMs: number;
  readonly reportHref?: string;
}

export interface MatrixFailure {
  readonly test: string;
  readonly op: string;
  readonly comment: string;
  readonly outcome: Outcome;
  readonly flags: readonly string[];
  readonly rules: readonly string[];
  readonly detail: string;
}

export interface MatrixDocument {
  readonly tool: 'conform matrix';
  readonly format: typeof MATRIX_FORMAT;
  readonly generatedAt?: string;
  readonly machine?: string;
  readonly strict: boolean;
  readonly seed: string;
  readonly implementations: readonly MatrixImplementation[];
  readonly rows: readonly MatrixRow[];
  /** Per implementation (column order): its failing, erroring and expected-fail vectors. */
  readonly failures: readonly (readonly MatrixFailure[])[];
  /** Where the benchmark chart came from, and the bench record when there is one. */
  readonly bench?: { readonly source: string; readonly record?: unknown };
}

export interface MatrixOptions {
  readonly generatedAt?: string;
  readonly machine?: string;
  readonly noteOf?: NoteLookup;
  readonly bench?: { readonly source: string; readonly record?: unknown };
}

const GROUP_SEP = ' ';
const isBad = (r: TestResultLike) => isFailure(r) || r.outcome === 'expected-fail';

function cellOf(results: readonly TestResultLike[]): MatrixCell | null {
  if (results.length === 0) return null;
  const n = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  return {
    total: results.length,
    pass: n('pass'),
    fail: n('fail'),
    error: n('error'),
    expectedFail: n('expected-fail'),
    acceptable: n('acceptable'),
    skip: n('skip'),
    failing: [
      ...results.filter(isFailure).map((r) => testName(r.file, r.tcId)),
      ...results.filter((r) => r.outcome === 'expected-fail').map((r) => testName(r.file, r.tcId)),
    ],
  };
}

function rowKeys(r: TestResultLike): [RowKind, string][] {
  return [
    ['suite', r.file],
    ...r.rules.map((id): [RowKind, string] => ['rule', id]),
    ...r.flags.map((flag): [RowKind, string] => ['group', `${r.file}${GROUP_SEP}${flag}`]),
  ];
}

export function buildMatrix(inputs: readonly MatrixInput[], options: MatrixOptions = {}): MatrixDocument {
  const noteOf = options.noteOf ?? bundledNote;
  // Per implementation: row key → its results.
  const byRow = inputs.map((input) => {
    const map = new Map<string, TestResultLike[]>();
    for (const r of input.report.results) {
      for (const [kind, id] of rowKeys(r)) {
        const key = `${kind}\n${id}`;
        const list = map.get(key);
        if (list === undefined) map.set(key, [r]);
        else list.push(r);
      }
    }
    return map;
  });
  const ids: Record<RowKind, string[]> = { suite: [], rule: [], group: [] };
  const seen = new Set<string>();
  for (const input of inputs) {
    for (const r of input.report.results) {
      for (const [kind, id] of rowKeys(r)) {
        if (!seen.has(`${kind}\n${id}`)) {
          seen.add(`${kind}\n${id}`);
          ids[kind].push(id);
        }
      }
    }
  }
  ids.rule.sort(compareRuleIds);
  const titleOf = (kind: RowKind, id: string): string => {
    if (kind === 'suite') return bundledAlgorithm(id) ?? '';
    if (kind === 'rule') return ruleInfo(id) !== undefined ? ruleHeadline(id) : '';
    const [file, flag] = id.split(GROUP_SEP) as [string, string];
    const note = noteOf(file, flag);
    return note === undefined ? '' : clip(note.description, 160);
  };
  const rows: MatrixRow[] = (['suite', 'rule', 'group'] as const).flatMap((kind) =>
    ids[kind].map((id) => ({
      kind,
      id,
      title: titleOf(kind, id),
      cells: byRow.map((map) => cellOf(map.get(`${kind}\n${id}`) ?? [])),
    })),
  );
  const report0 = inputs[0]?.report;
  return {
    tool: 'conform matrix',
    format: MATRIX_FORMAT,
    ...(options.generatedAt !== undefined ? { generatedAt: options.generatedAt } : {}),
    ...(options.machine !== undefined ? { machine: options.machine } : {}),
    strict: report0?.strict ?? false,
    seed: report0?.seed ?? '',
    implementations: inputs.map(({ label, report, reportHref }) => {
      const hello = report.implementation.hello;
      return {
        label,
        name: report.implementation.name,
        command: report.implementation.command,
        ...(hello ? { hello: { name: hello.name, version: hello.version, ops: hello.ops.length } } : {}),
        exitCode: report.exitCode,
        summary: report.summary,
        ...(report.stopped
          ? { stopped: { code: report.stopped.code, message: report.stopped.message } }
          : {}),
        interrupted: report.interrupted,
        durationMs: report.durationMs,
        ...(reportHref !== undefined ? { reportHref } : {}),
      };
    }),
    rows,
    failures: inputs.map(({ report }) =>
      report.results.filter(isBad).map((r) => ({
        test: testName(r.file, r.tcId),
        op: r.op,
        comment: r.comment,
        outcome: r.outcome,
        flags: r.flags,
        rules: r.rules,
        detail: clip(r.detail, 240),
      })),
    ),
    ...(options.bench !== undefined ? { bench: options.bench } : {}),
  };
}

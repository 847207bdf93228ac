// Hand-made run reports for the unit tests: small, with outcomes chosen by the test.
import type { Outcome, RunReportLike, TestResultLike } from '../src/run-input.js';

export function result(
  file: string,
  tcId: number,
  outcome: Outcome,
  extra: Partial<TestResultLike> = {},
): TestResultLike {
  return {
    file,
    tcId,
    comment: `vector ${tcId} of ${file}`,
    op: file.startsWith('ige') ? 'ige.encrypt' : 'e2e.decrypt',
    flags: ['Pseudorandom'],
    rules: ['R1.1'],
    result: 'valid',
    outcome,
    expected: { ok: true, data: '00112233' },
    actual: outcome === 'pass' ? { ok: true, data: '00112233' } : { ok: true, data: '00ff2233' },
    detail: outcome === 'pass' ? '' : 'data differs at byte 1',
    ...extra,
  };
}

export function report(
  name: string,
  results: readonly TestResultLike[],
  extra: Partial<RunReportLike> = {},
): RunReportLike {
  const n = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  return {
    implementation: {
      name,
      command: ['node', 'main.js'],
      hello: { name, version: '1.0', ops: ['ige.encrypt'] },
    },
    strict: false,
    seed: 'conform',
    exitCode: n('fail') + n('error') > 0 ? 1 : 0,
    summary: {
      selected: results.length,
      pass: n('pass'),
      fail: n('fail'),
      skip: n('skip'),
      acceptable: n('acceptable'),
      error: n('error'),
      expectedFail: n('expected-fail'),
      notRun: 0,
    },
    interrupted: false,
    restarts: 0,
    warnings: [],
    durationMs: 1234,
    results,
    ...extra,
  };
}

/** The elements of a page with this attribute, as [id, attribute value] pairs. */
export function itemsWith(html: string, attribute: string): [string, string][] {
  return [...html.matchAll(new RegExp(`<li id="([^"]+)"[^>]* ${attribute}="([^"]*)"`, 'g'))].map((m) => [
    m[1]!,
    m[2]!,
  ]);
}

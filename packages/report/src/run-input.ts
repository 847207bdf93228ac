// What the report reads of a `conform run` report (@conform/runner's RunReport, the document
// `conform run --json` prints). Declared here, structurally, so this package needs the runner only
// to test against: the runner loads this package, never the other way round (docs/design.md §1).

/** A judged outcome, as the runner names them. */
export type Outcome = 'pass' | 'fail' | 'error' | 'expected-fail' | 'acceptable' | 'skip';

export interface TestResultLike {
  readonly file: string;
  readonly tcId: number;
  readonly comment: string;
  readonly op: string;
  readonly flags: readonly string[];
  readonly rules: readonly string[];
  readonly result: string;
  readonly outcome: Outcome;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly detail: string;
  readonly stderrTail?: string;
  readonly expectedFailure?: {
    readonly id: string;
    readonly reason: string;
    readonly issue?: string;
    readonly outcome: 'fail' | 'error';
  };
}

export interface RunReportLike {
  readonly implementation: {
    readonly name: string;
    readonly command: readonly string[];
    readonly hello?: { readonly name: string; readonly version: string; readonly ops: readonly string[] };
  };
  readonly strict: boolean;
  readonly seed: string;
  readonly exitCode: number;
  readonly summary: {
    readonly selected: number;
    readonly pass: number;
    readonly fail: number;
    readonly skip: number;
    readonly acceptable: number;
    readonly error: number;
    readonly expectedFail: number;
    readonly notRun: number;
  };
  readonly stopped?: {
    readonly code: string;
    readonly message: string;
    readonly line?: string;
    readonly stderrTail: string;
  };
  readonly interrupted: boolean;
  readonly restarts: number;
  readonly warnings: readonly string[];
  readonly stderrTail?: string;
  readonly expectFail?: {
    readonly source: string;
    readonly entries: number;
    readonly stale: readonly { readonly id: string; readonly kind: string; readonly message: string }[];
  };
  readonly durationMs: number;
  readonly results: readonly TestResultLike[];
}

/** `ige_test.json#12`, the name the runner reports and filters tests by. */
export const testName = (file: string, tcId: number): string => `${file}#${tcId}`;

/** Failures a person must look at: a mismatch or an implementation that broke on the test. */
export const isFailure = (r: TestResultLike): boolean => r.outcome === 'fail' || r.outcome === 'error';

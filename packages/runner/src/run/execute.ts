// `conform run`: runs the stateless vector suites through the protocol client and collects one
// result per test. A crash or a timeout restarts the implementation — the request held responsible
// is an `error`, the others are retried — up to MAX_IDLE_RESTARTS restarts in a row that got no
// answer at all; then the run stops with exit 3, keeping the results it has.
import type { VectorResult } from '@conform/vectors';
import {
  type ExpectFailManifest,
  type ExpectedFailure,
  type StaleEntry,
  applyExpectFail,
  todayUtc,
} from './expect-fail.js';
import type { ImplSpec } from './impl-spec.js';
import { type Outcome, expectedOf, judge, requestArgs } from './judge.js';
import { type ExitInfo, type HelloResult, ProtocolClient, ProtocolClientError } from './protocol-client.js';
import { type SelectedTest, type Selection, selectTests } from './select.js';
import { DEFAULT_SEED, isTranscript, runTranscript, transcriptOps } from './transcript.js';

export const EXIT_CODES = {
  ok: 0,
  mismatch: 1,
  usage: 2,
  implementation: 3,
  empty: 4,
  interrupted: 130,
} as const;

/** Restarts in a row without a single answered test before the run gives up. */
export const MAX_IDLE_RESTARTS = 3;

/** A judged outcome, or `expected-fail`: a fail or error matched by an --expect-fail entry. */
export type ResultOutcome = Outcome | 'expected-fail';

export interface TestResult {
  readonly file: string;
  readonly tcId: number;
  readonly comment: string;
  readonly op: string;
  readonly flags: readonly string[];
  /** Rule ids of the flags' notes. */
  readonly rules: readonly string[];
  readonly result: VectorResult;
  readonly outcome: ResultOutcome;
  readonly expected: unknown;
  /** The response without its id, or the client error for `error`. */
  readonly actual: unknown;
  readonly detail: string;
  /** stderr tail of the implementation, for tests that crashed it. */
  readonly stderrTail?: string;
  /** For `expected-fail`: the manifest entry and the outcome it replaced. */
  readonly expectedFailure?: ExpectedFailure;
}

export interface RunSummary {
  readonly selected: number;
  readonly pass: number;
  readonly fail: number;
  readonly skip: number;
  readonly acceptable: number;
  readonly error: number;
  /** Fails and errors matched by an --expect-fail entry (not counted as fail or error). */
  readonly expectedFail: number;
  /** Selected tests without a result (the run stopped or was interrupted). */
  readonly notRun: number;
}

export interface RunStop {
  readonly code: ProtocolClientError['code'] | 'restarts_exhausted';
  readonly message: string;
  readonly line?: string;
  readonly stderrTail: string;
}

export interface RunReport {
  readonly tool: 'conform run';
  readonly protocol: 1;
  readonly implementation: {
    readonly name: string;
    readonly command: readonly string[];
    readonly hello?: HelloResult;
  };
  readonly strict: boolean;
  /** The seed of the peer's randomness in chat transcripts (--seed). */
  readonly seed: string;
  readonly exitCode: number;
  readonly summary: RunSummary;
  /** Set when the implementation failed as a process and the run stopped early. */
  readonly stopped?: RunStop;
  readonly interrupted: boolean;
  readonly restarts: number;
  readonly warnings: readonly string[];
  /**
   * The end of what the implementation wrote on stderr (the last process of each job that wrote
   * anything; at most STDERR_TAIL_CHARS), for reports that show failures next to the log. Absent
   * when it wrote nothing.
   */
  readonly stderrTail?: string;
  /** Present with --expect-fail: the manifest and its stale entries (each makes the run exit 1). */
  readonly expectFail?: {
    readonly source: string;
    readonly entries: number;
    readonly stale: readonly StaleEntry[];
  };
  readonly durationMs: number;
  readonly results: readonly TestResult[];
}

export interface RunOptions extends Selection {
  readonly timeoutMs?: number;
  readonly window?: number;
  readonly strict?: boolean;
  /** Implementation processes run at once, the selection dealt among them (default 1). */
  readonly jobs?: number;
  /** Called after each test is judged: tests done so far, tests selected. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Seeds the randomness of the peer the runner plays in chat transcripts (default "conform"). */
  readonly seed?: string;
  readonly allowEmpty?: boolean;
  /** Aborting stops the run; the report keeps the results so far and exits 130. */
  readonly signal?: AbortSignal;
  /** Progress lines for humans. */
  readonly log?: (line: string) => void;
  /** Known failures (--expect-fail). */
  readonly expectFail?: ExpectFailManifest;
  /** Today as YYYY-MM-DD for `expires`; default the current UTC date. */
  readonly today?: string;
}

function rulesOf(t: SelectedTest): string[] {
  return [...new Set(t.test.flags.flatMap((f) => t.vectors.notes[f]?.rules ?? []))];
}

function resultOf(
  t: SelectedTest,
  fields: Pick<TestResult, 'outcome' | 'expected' | 'actual' | 'detail'> & { stderrTail?: string },
): TestResult {
  return {
    file: t.file,
    tcId: t.test.tcId,
    comment: t.test.comment,
    op: t.group.op,
    flags: t.test.flags,
    rules: rulesOf(t),
    result: t.test.result,
    ...fields,
  };
}

export async function runVectors(spec: ImplSpec, options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const strict = options.strict ?? false;
  const log = options.log ?? (() => {});
  const selected = selectTests(options);
  const results = new Map<number, TestResult>(); // by index into `selected`
  const warnings: string[] = [];
  let hello: HelloResult | undefined;
  let stopped: RunStop | undefined;
  let interrupted = options.signal?.aborted ?? false;
  let restarts = 0;
  const stderrTails: string[] = []; // by job
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, selected.length || 1));
  const setResult = (i: number, r: TestResult) => {
    results.set(i, r);
    options.onProgress?.(results.size, selected.length);
  };

  /** One implementation process (restarted as needed) working through `initial`, in order. */
  const drive = async (initial: number[], job: number): Promise<void> => {
    let idleRestarts = 0;
    let remaining = initial;
    while (remaining.length > 0 && !interrupted && stopped === undefined) {
      const client = new ProtocolClient(spec, {
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.window !== undefined ? { window: options.window } : {}),
      });
      const onAbort = () => {
        interrupted = true;
        client.kill();
      };
      options.signal?.addEventListener('abort', onAbort);
      let answered = 0;
      try {
        let sessionHello: HelloResult;
        try {
          sessionHello = await client.hello();
        } catch (error) {
          const e = asClientError(error);
          // A first start that fails, or a bad hello, cannot be helped by restarting.
          if (hello === undefined || e.code === 'bad_hello' || e.code === 'protocol_error' || interrupted) {
            await client.exited;
            if (!interrupted) stopped = stopOf(e, client);
            break;
          }
          throw e;
        }
        hello ??= sessionHello;
        const ops = new Set(sessionHello.ops);
        const toRun: number[] = [];
        for (const i of remaining) {
          const t = selected[i]!;
          const missing = (isTranscript(t) ? transcriptOps(t) : [t.group.op]).filter((op) => !ops.has(op));
          if (missing.length === 0) toRun.push(i);
          else {
            setResult(
              i,
              resultOf(t, {
                outcome: 'skip',
                expected: expectedOf(t, strict),
                actual: null,
                detail: `${missing.length > 1 ? 'ops' : 'op'} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in the implementation's hello ops`,
              }),
            );
          }
        }
        const failures: { index: number; error: ProtocolClientError }[] = [];
        await Promise.all(
          toRun.map((i) => {
            const t = selected[i]!;
            if (isTranscript(t)) {
              return runTranscript(client, t, { seed: options.seed ?? DEFAULT_SEED, strict }).then(
                (r) => {
                  answered++;
                  setResult(i, resultOf(t, r));
                },
                (error: unknown) => failures.push({ index: i, error: asClientError(error) }),
              );
            }
            return client.request(t.group.op, requestArgs(t)).then(
              (r) => {
                answered++;
                const { id: _id, ...actual } = r;
                setResult(i, resultOf(t, { ...judge(t, r, strict), actual }));
              },
              (error: unknown) => failures.push({ index: i, error: asClientError(error) }),
            );
          }),
        );
        remaining = [];
        if (client.fatal === undefined) {
          const exit = await client.close();
          if (exit.code !== 0)
            warnings.push(
              `the implementation ${describeExit(exit)} after stdin was closed (§3.4 expects status 0)`,
            );
          continue;
        }
        await client.exited;
        if (interrupted) break;
        const fatal = client.fatal;
        if (fatal.code === 'protocol_error' || fatal.code === 'spawn_failed') {
          stopped = stopOf(fatal, client);
          remaining = failures.map((f) => f.index);
          break;
        }
        const culprit = failures.find((f) => f.error.info.culprit);
        if (culprit !== undefined) {
          const t = selected[culprit.index]!;
          const tail = client.stderrTail();
          setResult(
            culprit.index,
            resultOf(t, {
              outcome: 'error',
              expected: expectedOf(t, strict),
              actual: { error: culprit.error.code },
              detail: culprit.error.message,
              ...(tail !== '' ? { stderrTail: tail } : {}),
            }),
          );
        }
        remaining = failures
          .filter((f) => f !== culprit)
          .map((f) => f.index)
          .sort((a, b) => a - b);
        throw fatal;
      } catch (error) {
        // Crash or timeout: restart if there is anything left and we have not been idle too long.
        const e = asClientError(error);
        await client.exited;
        if (interrupted) break;
        idleRestarts = answered > 0 ? 0 : idleRestarts + 1;
        if (idleRestarts > MAX_IDLE_RESTARTS) {
          stopped = {
            code: 'restarts_exhausted',
            message: `${e.message}; gave up after ${MAX_IDLE_RESTARTS} restarts without an answer`,
            stderrTail: client.stderrTail(),
          };
          break;
        }
        if (remaining.length > 0) {
          restarts++;
          log(`conform: ${e.message} (${e.code}); restarting the implementation (${restarts})`);
        }
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
        client.kill();
        const tail = client.stderrTail();
        if (tail !== '') stderrTails[job] = tail;
      }
    }
  };
  // --jobs N: N processes at once, the selection dealt round-robin (the Kth takes every Nth test).
  await Promise.all(
    Array.from({ length: jobs }, (_, k) =>
      drive(
        selected.map((_, i) => i).filter((i) => i % jobs === k),
        k,
      ),
    ),
  );

  let ordered = [...results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  let stale: StaleEntry[] = [];
  if (options.expectFail !== undefined) {
    const applied = applyExpectFail(
      ordered,
      options.expectFail,
      {
        today: options.today ?? todayUtc(),
        complete: !interrupted && stopped === undefined && ordered.length === selected.length,
      },
      (r, expectedFailure): TestResult => ({ ...r, outcome: 'expected-fail', expectedFailure }),
    );
    ordered = applied.results;
    stale = applied.stale;
  }
  const count = (o: ResultOutcome) => ordered.filter((r) => r.outcome === o).length;
  const summary: RunSummary = {
    selected: selected.length,
    pass: count('pass'),
    fail: count('fail'),
    skip: count('skip'),
    acceptable: count('acceptable'),
    error: count('error'),
    expectedFail: count('expected-fail'),
    notRun: selected.length - ordered.length,
  };
  if (summary.acceptable > 0) {
    warnings.push(
      `${summary.acceptable} acceptable test(s): behaviour on which real clients differ (spec §12)`,
    );
  }
  const ran = summary.pass + summary.fail + summary.acceptable + summary.error;
  const exitCode = interrupted
    ? EXIT_CODES.interrupted
    : stopped !== undefined
      ? EXIT_CODES.implementation
      : summary.fail + summary.error + stale.length > 0
        ? EXIT_CODES.mismatch
        : ran === 0 && !(options.allowEmpty ?? false)
          ? EXIT_CODES.empty
          : EXIT_CODES.ok;
  return {
    tool: 'conform run',
    protocol: 1,
    implementation: { name: spec.name, command: spec.command, ...(hello ? { hello } : {}) },
    strict,
    seed: options.seed ?? DEFAULT_SEED,
    exitCode,
    summary,
    ...(stopped ? { stopped } : {}),
    interrupted,
    restarts,
    warnings,
    ...(stderrTails.some((t) => t !== undefined) ? { stderrTail: joinTails(stderrTails, jobs) } : {}),
    ...(options.expectFail !== undefined
      ? {
          expectFail: {
            source: options.expectFail.source,
            entries: options.expectFail.entries.length,
            stale,
          },
        }
      : {}),
    durationMs: Math.round(performance.now() - started),
    results: ordered,
  };
}

/** Most characters of stderr a run report keeps (the protocol client keeps more, for crash reports). */
export const STDERR_TAIL_CHARS = 8 * 1024;

/** The tails of the jobs, each headed `[job K]` when there were several, cut to STDERR_TAIL_CHARS. */
function joinTails(tails: readonly (string | undefined)[], jobs: number): string {
  const parts = tails.flatMap((t, job) => (t === undefined ? [] : [jobs > 1 ? `[job ${job + 1}]\n${t}` : t]));
  const text = parts.join('\n');
  if (text.length <= STDERR_TAIL_CHARS) return text;
  const cut = text.slice(-STDERR_TAIL_CHARS);
  return `[… ${text.length - STDERR_TAIL_CHARS} earlier characters dropped]\n${cut.slice(cut.indexOf('\n') + 1)}`;
}

function asClientError(error: unknown): ProtocolClientError {
  if (error instanceof ProtocolClientError) return error;
  return new ProtocolClientError('crashed', error instanceof Error ? error.message : String(error));
}

function stopOf(e: ProtocolClientError, client: ProtocolClient): RunStop {
  return {
    code: e.code,
    message: e.message,
    ...(e.info.line !== undefined ? { line: e.info.line } : {}),
    stderrTail: client.stderrTail(),
  };
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with status ${exit.code}`;
}

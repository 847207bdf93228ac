// `conform fuzz <impl>`, stateless part: differential and mutation fuzzing against the reference.
//
// Two phases, both driven by fast-check with the same seed and the same arbitrary:
// 1. Exploration. fc.check runs `runs` cases (or until `timeMs`). The property sends each case and
//    returns at once, so up to 2 × window requests are in flight and the implementation, not the
//    fuzzer, is the bottleneck (PROTOCOL.md §2: pipelining). Answers are judged as they arrive;
//    the first case of every new signature is remembered with its run index.
// 2. Shrinking. For each signature, fc.check replays that run (`path`) with a property that fails
//    only on the same signature, so fast-check shrinks towards the smallest input showing that
//    defect, not some other one.
// Since run k of a seed is the same value whatever the run count, `--seed S --runs k+1` replays it.
import { relative } from 'node:path';
import fc from 'fast-check';
import type { HelloResult, ImplSpec } from '@conform/runner';
import type { FuzzCase } from './case.js';
import { DIFFERENTIAL } from './differential.js';
import { expectationOf, judgeReply, type Verdict } from './judge.js';
import { mutationArb } from './mutation.js';
import { STATELESS_OPS, type Expectation } from './oracle.js';
import { regressionFile, writeRegressionFile } from './regression.js';
import { ImplSession } from './session.js';

export type FuzzMode = 'differential' | 'mutation' | 'all';

export interface FuzzOptions {
  readonly mode: FuzzMode;
  /** fast-check seed; random when absent (and printed, so the run can be replayed). */
  readonly seed?: number;
  /** Cases to run (fast-check numRuns). Default DEFAULT_RUNS. */
  readonly runs?: number;
  /** Stop exploring after this long (fast-check interruptAfterTimeLimit); shrinking comes on top. */
  readonly timeMs?: number;
  /** Only these ops (protocol names); default every stateless op the implementation lists. */
  readonly ops?: readonly string[];
  /** Where to write one regression vector file per finding. */
  readonly saveDir?: string;
  /** Progress lines for humans (stderr). */
  readonly log?: (line: string) => void;
  /** Per-request timeout of the protocol client (default 10 s). */
  readonly timeoutMs?: number;
  /**
   * Stop exploring once this many distinct findings are known (default: explore the whole budget).
   * An addition to the options asked for: tests use 1 to stop at the first finding, and since run k
   * of a seed is the same whatever the budget, a finding at run k < runs is one the full budget finds.
   */
  readonly maxFindings?: number;
}

export const DEFAULT_RUNS = 10_000;
/** Time fast-check may spend shrinking one finding. */
export const SHRINK_TIME_MS = 10_000;
/** Requests in flight: the protocol client's window, plus as many queued behind it. */
const WINDOW = 64;

export const FUZZ_EXIT_CODES = { ok: 0, found: 1, implementation: 3, empty: 4 } as const;

export interface Finding {
  /** Op plus kind, stable across runs: `e2e.decrypt accepts what the reference rejects`. */
  readonly signature: string;
  readonly op: string;
  /** `accepts what the reference rejects`, `rejects what the reference accepts`, `answers a
   *  different <field>`, `fails with <code> instead of <code>`, `crash`, `timeout`. */
  readonly kind: string;
  readonly origin: 'differential' | 'mutation';
  /** What the mutation did to a valid message (mutation findings). */
  readonly mutation?: string;
  /** The request arguments, shrunk. */
  readonly input: Readonly<Record<string, unknown>>;
  /** The reference's answers (more than one where spec §12 allows either). */
  readonly expected: Expectation;
  /** The implementation's answer (without its id), or the crash / timeout. */
  readonly actual: unknown;
  /** 0-based index of the run that found it first; `--runs run+1` replays it. */
  readonly run: number;
  /** How often the signature came up while exploring. */
  readonly occurrences: number;
  readonly shrunk: boolean;
  readonly shrinks: number;
  /** The command that replays the finding. */
  readonly replay: string;
  /** The regression vector file written for it (with saveDir). */
  readonly regressionFile?: string;
  /** Why no regression file could be written. */
  readonly regressionProblem?: string;
}

export interface FuzzReport {
  readonly tool: 'conform fuzz';
  readonly implementation: {
    readonly name: string;
    readonly command: readonly string[];
    readonly hello?: HelloResult;
  };
  readonly mode: FuzzMode;
  readonly seed: number;
  /** The run budget asked for. */
  readonly runs: number;
  /** The ops fuzzed. */
  readonly ops: readonly string[];
  /** Cases run while exploring (shrinking not included). */
  readonly cases: number;
  /** Cases sent while shrinking. */
  readonly shrinkCases: number;
  /** Cases the implementation answered `unsupported` (skipped, never a finding). */
  readonly skipped: number;
  /** Exploration throughput. */
  readonly casesPerSecond: number;
  readonly durationMs: number;
  /** The time limit ended exploration before the run budget. */
  readonly interrupted: boolean;
  readonly restarts: number;
  readonly findings: readonly Finding[];
  /** Set when the implementation failed as a process (exit code 3). */
  readonly stopped?: { readonly code: string; readonly message: string; readonly stderrTail: string };
  readonly exitCode: number;
}

class Stop extends Error {}

interface Raw {
  readonly run: number;
  readonly c: FuzzCase;
  readonly verdict: Verdict & { kind: 'finding' };
  occurrences: number;
}

/** The arbitrary for a mode and a set of ops, in a fixed order (replays depend on it). */
function arbitraryFor(mode: FuzzMode, ops: readonly string[]): fc.Arbitrary<FuzzCase> | undefined {
  const parts: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [];
  if (mode !== 'mutation')
    for (const op of STATELESS_OPS) {
      const entry = DIFFERENTIAL.get(op);
      if (entry !== undefined && ops.includes(op)) parts.push(entry);
    }
  if (mode !== 'differential' && ops.includes('e2e.decrypt'))
    parts.push({ weight: mode === 'all' ? 12 : 1, arbitrary: mutationArb });
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0]!.arbitrary : fc.oneof(...parts);
}

/** The ops a mode can fuzz on this implementation. */
function fuzzableOps(mode: FuzzMode, hello: HelloResult, only: readonly string[] | undefined): string[] {
  const listed = new Set(hello.ops);
  return STATELESS_OPS.filter(
    (op) =>
      listed.has(op) &&
      (only === undefined || only.length === 0 || only.includes(op)) &&
      (mode !== 'mutation' || op === 'e2e.decrypt'),
  );
}

function implArgument(spec: ImplSpec): string {
  const program = spec.command[0];
  const target = program.endsWith(`/${spec.name}`) ? program : spec.cwd;
  const shown = relative(process.cwd(), target) || '.';
  return /\s/.test(shown) ? JSON.stringify(shown) : shown;
}

export function replayCommand(spec: ImplSpec, options: FuzzOptions, seed: number, runs: number): string {
  const ops = options.ops !== undefined && options.ops.length > 0 ? ` --ops ${options.ops.join(',')}` : '';
  return `conform fuzz ${implArgument(spec)} --mode ${options.mode} --seed ${seed} --runs ${runs}${ops}`;
}

export async function runFuzz(spec: ImplSpec, options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const seed = options.seed ?? (Math.random() * 0x80000000) | 0;
  const runs = options.runs ?? DEFAULT_RUNS;
  const session = new ImplSession(spec, {
    window: WINDOW,
    log,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const base = {
    tool: 'conform fuzz' as const,
    mode: options.mode,
    seed,
    runs,
  };
  const finish = (
    fields: Omit<
      FuzzReport,
      | 'tool'
      | 'mode'
      | 'seed'
      | 'runs'
      | 'implementation'
      | 'durationMs'
      | 'restarts'
      | 'exitCode'
      | 'stopped'
    >,
    exitCode: number,
  ): FuzzReport => ({
    ...base,
    implementation: {
      name: spec.name,
      command: spec.command,
      ...(session.hello ? { hello: session.hello } : {}),
    },
    ...fields,
    durationMs: Math.round(performance.now() - started),
    restarts: session.restarts,
    ...(session.stopped ? { stopped: session.stopped } : {}),
    exitCode: session.stopped ? FUZZ_EXIT_CODES.implementation : exitCode,
  });
  const empty = {
    ops: [],
    cases: 0,
    shrinkCases: 0,
    skipped: 0,
    casesPerSecond: 0,
    interrupted: false,
    findings: [],
  };

  const hello = await session.start();
  if (hello === undefined) return finish(empty, FUZZ_EXIT_CODES.implementation);
  const ops = fuzzableOps(options.mode, hello, options.ops);
  const arbitrary = arbitraryFor(options.mode, ops);
  if (arbitrary === undefined) {
    log(`conform fuzz: nothing to fuzz: ${spec.name} lists none of the ${options.mode} ops`);
    await session.close();
    return finish({ ...empty, ops }, FUZZ_EXIT_CODES.empty);
  }
  log(`conform fuzz: ${spec.name}, mode ${options.mode}, seed ${seed}, ${runs} runs, ops ${ops.join(' ')}`);

  // ---- Phase 1: exploration, pipelined ----------------------------------------------------------
  const raws = new Map<string, Raw>();
  let cases = 0;
  let skipped = 0;
  let run = 0;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const pending = new Set<Promise<void>>();
  const exploreStart = performance.now();
  let lastLog = exploreStart;
  const release = () => {
    inFlight--;
    waiting.shift()?.();
  };
  const property = fc.asyncProperty(arbitrary, async (c) => {
    const index = run++;
    if (session.stopped !== undefined) throw new Stop();
    if (options.maxFindings !== undefined && raws.size >= options.maxFindings) throw new Stop();
    if (inFlight >= 2 * WINDOW) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    const reply = session.send(c.op, c.args);
    // The reference's answer is computed while the implementation works on the request.
    const expected = expectationOf(c);
    const done = reply
      .then((r) => {
        const verdict = judgeReply(c, expected, r);
        if (verdict.kind === 'stopped') return;
        cases++;
        if (verdict.kind === 'skip') skipped++;
        if (verdict.kind !== 'finding') return;
        const seen = raws.get(verdict.signature);
        if (seen === undefined || index < seen.run) {
          if (seen === undefined) log(`conform fuzz: new finding at run ${index}: ${verdict.signature}`);
          raws.set(verdict.signature, { run: index, c, verdict, occurrences: (seen?.occurrences ?? 0) + 1 });
        } else seen.occurrences++;
      })
      .finally(release);
    pending.add(done);
    void done.finally(() => pending.delete(done));
    const now = performance.now();
    if (now - lastLog > 5_000) {
      lastLog = now;
      log(
        `conform fuzz: ${cases} cases, ${Math.round((cases * 1000) / (now - exploreStart))}/s, ${raws.size} findings`,
      );
    }
    return true;
  });
  const explored = await fc.check(property, {
    seed,
    numRuns: runs,
    endOnFailure: true,
    ...(options.timeMs !== undefined ? { plugins: [fc.interruptAfterTimeLimit(options.timeMs)] } : {}),
  });
  await Promise.all([...pending]);
  if (explored.failed && !(explored.errorInstance instanceof Stop)) {
    throw explored.errorInstance instanceof Error
      ? explored.errorInstance
      : new Error(String(explored.errorInstance));
  }
  const exploreMs = performance.now() - exploreStart;
  const casesPerSecond = exploreMs > 0 ? Math.round((cases * 1000) / exploreMs) : 0;
  log(
    `conform fuzz: explored ${cases} cases in ${(exploreMs / 1000).toFixed(1)} s (${casesPerSecond}/s), ${raws.size} findings`,
  );

  // ---- Phase 2: shrink each signature, write its regression file --------------------------------
  let shrinkCases = 0;
  const findings: Finding[] = [];
  for (const raw of [...raws.values()].sort((a, b) => a.run - b.run)) {
    if (session.stopped !== undefined) break;
    const signature = raw.verdict.signature;
    let best = { c: raw.c, verdict: raw.verdict };
    let reproduced = false;
    const shrinker = fc.asyncProperty(arbitrary, async (c) => {
      if (session.stopped !== undefined) return true;
      shrinkCases++;
      const expected = expectationOf(c);
      const verdict = judgeReply(c, expected, await session.send(c.op, c.args));
      if (verdict.kind === 'finding' && verdict.signature === signature) {
        best = { c, verdict };
        reproduced = true;
        return false;
      }
      return true;
    });
    const shrunk = await fc.check(shrinker, {
      seed,
      path: String(raw.run),
      numRuns: raw.run + 1,
      plugins: [fc.interruptAfterTimeLimit(SHRINK_TIME_MS)],
    });
    const replay = replayCommand(spec, options, seed, raw.run + 1);
    const finding = {
      signature,
      op: best.c.op,
      kind: best.verdict.findingKind,
      origin: best.c.origin,
      ...(best.c.mutation !== undefined ? { mutation: best.c.mutation } : {}),
      input: best.c.args,
      expected: best.verdict.expected,
      actual: best.verdict.actual,
      run: raw.run,
      occurrences: raw.occurrences,
      shrunk: reproduced,
      shrinks: shrunk.numShrinks,
      replay,
    };
    findings.push(saveFinding(finding, options.saveDir, seed));
  }
  await session.close();
  return finish(
    { ops, cases, shrinkCases, skipped, casesPerSecond, interrupted: explored.interrupted, findings },
    findings.length > 0 ? FUZZ_EXIT_CODES.found : FUZZ_EXIT_CODES.ok,
  );
}

function saveFinding(finding: Finding, saveDir: string | undefined, seed: number): Finding {
  if (saveDir === undefined) return finding;
  const made = regressionFile({
    signature: finding.signature,
    op: finding.op,
    kind: finding.kind,
    args: finding.input,
    expected: finding.expected,
    comment: `conform fuzz: ${finding.signature}${finding.mutation !== undefined ? ` (${finding.mutation})` : ''}`,
    header: [
      `A regression test written by conform fuzz: ${finding.signature}.`,
      `Found at run ${finding.run} of seed ${seed}${finding.shrunk ? ', then shrunk' : ''}; replay with: ${finding.replay}`,
      'The expected answer is the reference’s (@conform/reference), computed when the finding was made.',
    ],
  });
  if ('problem' in made) return { ...finding, regressionProblem: made.problem };
  return { ...finding, regressionFile: writeRegressionFile(saveDir, finding.signature, made.file) };
}

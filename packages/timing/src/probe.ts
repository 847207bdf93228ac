// `conform timing`: times e2e.decrypt's rejections class by class (src/classes.ts) and runs
// dudect's tests (src/stats.ts) on them. Advisory: a timing difference over a pipe is evidence, not
// proof, and its absence proves nothing about an attacker with a better clock. It looks for the
// 2021 finding (R3.12, R3.14): a receiver that checks the length or the padding before msg_key
// (R3.7 steps 4 and 5, R3.8) answers such messages sooner (or later) than forged ones.
import { randomInt } from 'node:crypto';
import { ProtocolClient, type HelloResult, type ImplSpec, type Response } from '@conform/runner';
import {
  buildClasses,
  CLASS_IDS,
  SENDER_X,
  seededRng,
  below,
  type ClassId,
  type ProbeClass,
} from './classes.js';
import { dudectTests, maxTest, T_THRESHOLD, type CroppedTest } from './stats.js';

export interface TimingOptions {
  /** Measurements per class. Default DEFAULT_SAMPLES. */
  readonly samples?: number;
  /** Seeds the key, the messages and the order of the classes; random by default (reported). */
  readonly seed?: number;
  /** Stop collecting after this long (ms), even short of `samples`. Default DEFAULT_TIME_MS. */
  readonly timeMs?: number;
  /** Progress lines, for humans. */
  readonly log?: (line: string) => void;
}

export const DEFAULT_SAMPLES = 5000;
export const DEFAULT_TIME_MS = 120_000;
/** Fewer measurements than this in a class (after cropping) and a test draws no conclusion. */
export const MIN_SAMPLES = 100;
/** Rounds (one request of each class) sent first and not measured: JIT, caches, page faults. */
export const WARMUP_ROUNDS = 50;
/** Distinct messages built per class; each measurement picks one at random. */
export const POOL = 64;

export type Verdict = 'leak' | 'no evidence' | 'inconclusive';
export type PairId = 'control' | 'padding' | 'length';
export type TimingSource = 't_ns' | 'wall';

export interface ClassReport {
  readonly id: ClassId;
  readonly title: string;
  readonly samples: number;
  /** Answers other than `{"ok": false, "error": "rejected"}`: a conformance failure (`conform run` says more). */
  readonly unexpected: number;
  readonly firstUnexpected?: string;
  /** Of the chosen timing source, in ns, uncropped. */
  readonly meanNs: number;
  readonly medianNs: number;
}

export interface PairReport {
  readonly id: PairId;
  readonly a: ClassId;
  readonly b: ClassId;
  readonly title: string;
  readonly rules: readonly string[];
  readonly verdict: Verdict;
  readonly reason: string;
  /** Of the test with the largest |t| (dudect's max_test); null when no test had enough samples. */
  readonly t: number | null;
  readonly nA: number;
  readonly nB: number;
  readonly meanA: number | null;
  readonly meanB: number | null;
  /** The percentile that test was cropped at; null for the uncropped test. */
  readonly crop: number | null;
  /** The uncropped test, for reference. */
  readonly uncropped: { readonly t: number | null; readonly nA: number; readonly nB: number };
}

export interface TimingReport {
  readonly tool: 'conform timing';
  readonly implementation: {
    readonly name: string;
    readonly command: readonly string[];
    readonly hello: HelloResult;
  };
  readonly seed: number;
  readonly samplesRequested: number;
  /** Measurements per class actually taken (the same for every class: rounds are whole). */
  readonly samples: number;
  readonly timeBudgetMs: number;
  readonly stoppedByTimeBudget: boolean;
  readonly durationMs: number;
  readonly timing: { readonly source: TimingSource; readonly note: string };
  readonly threshold: number;
  readonly minSamples: number;
  readonly classes: readonly ClassReport[];
  /** A against A': the noise calibration, which must come out "no evidence". */
  readonly control: PairReport;
  /** A against B (padding), A against C (length). */
  readonly pairs: readonly PairReport[];
  /** `leak` if a pair is; else `inconclusive` if a pair is; else `no evidence`. */
  readonly verdict: Verdict;
}

/** The probe could not run: the implementation failed to start, crashed, or lacks e2e.decrypt. */
export class TimingProbeError extends Error {
  override readonly name = 'TimingProbeError';
  constructor(
    readonly code: 'unsupported' | 'implementation',
    message: string,
    readonly stderrTail = '',
  ) {
    super(message);
  }
}

const PAIRS: readonly { id: PairId; a: ClassId; b: ClassId; title: string; rules: string[] }[] = [
  { id: 'control', a: 'A', b: "A'", title: 'random msg_key against random msg_key (noise)', rules: [] },
  {
    id: 'padding',
    a: 'A',
    b: 'B',
    title: 'random msg_key against bad padding under the real msg_key',
    rules: ['R3.7', 'R3.8', 'R3.14'],
  },
  {
    id: 'length',
    a: 'A',
    b: 'C',
    title: 'random msg_key against a length beyond the data under the real msg_key',
    rules: ['R3.7', 'R3.8', 'R3.14'],
  },
];

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

/** `t_ns` as the implementation gave it: a non-negative JSON number or a string of digits. */
export function parseTns(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

interface Measured {
  readonly wall: number[];
  readonly tns: (number | undefined)[];
  unexpected: number;
  firstUnexpected?: string;
}

export async function runTimingProbe(spec: ImplSpec, options: TimingOptions = {}): Promise<TimingReport> {
  const samplesRequested = Math.max(1, Math.floor(options.samples ?? DEFAULT_SAMPLES));
  const timeBudgetMs = options.timeMs ?? DEFAULT_TIME_MS;
  const seed = options.seed ?? randomInt(0, 2 ** 32);
  const log = options.log ?? (() => {});
  const rng = seededRng(seed);
  const key = rng(256); // one key for every class
  const classes = buildClasses(key, rng, POOL);
  const byId = new Map<ClassId, ProbeClass>(classes.map((c) => [c.id, c]));
  const keyHex = hex(key);
  const wire = new Map<ClassId, string[]>(classes.map((c) => [c.id, c.messages.map(hex)]));
  const measured = new Map<ClassId, Measured>(
    CLASS_IDS.map((id) => [id, { wall: [], tns: [], unexpected: 0 }]),
  );

  // window 1: one request in flight at a time, so a measurement never includes another's work.
  const client = new ProtocolClient(spec, { window: 1 });
  const started = performance.now();
  let hello: HelloResult;
  let stoppedByTimeBudget = false;
  try {
    hello = await client.hello();
    log(`conform timing: ${hello.name}: seed ${seed}, ${samplesRequested} samples a class, warming up`);

    /** One e2e.decrypt, timed. The clock brackets exactly the request and its answer. */
    const send = async (id: ClassId): Promise<{ r: Response; wall: number }> => {
      const pool = wire.get(id)!;
      const args = { key: keyHex, x: SENDER_X, data: pool[below(rng, pool.length)]! };
      const t0 = process.hrtime.bigint();
      const r = await client.request('e2e.decrypt', args);
      const t1 = process.hrtime.bigint();
      if (!r.ok && r.error === 'unsupported') {
        throw new TimingProbeError('unsupported', `${hello.name} does not support e2e.decrypt`);
      }
      return { r, wall: Number(t1 - t0) };
    };
    /** The classes in a fresh random order (Fisher–Yates): interleaving spreads drift over all of them. */
    const round = (): ClassId[] => {
      const order = [...CLASS_IDS];
      for (let i = order.length - 1; i > 0; i--) {
        const j = below(rng, i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      return order;
    };

    for (let i = 0; i < WARMUP_ROUNDS && performance.now() - started < timeBudgetMs; i++) {
      for (const id of round()) await send(id);
    }
    let done = 0;
    let nextLog = Math.max(1, Math.floor(samplesRequested / 10));
    while (done < samplesRequested) {
      if (performance.now() - started > timeBudgetMs) {
        stoppedByTimeBudget = true;
        log(`conform timing: the time budget (${timeBudgetMs} ms) ran out after ${done} samples a class`);
        break;
      }
      for (const id of round()) {
        const { r, wall } = await send(id);
        const m = measured.get(id)!;
        m.wall.push(wall);
        m.tns.push(parseTns(r['t_ns']));
        if (r.ok || r.error !== 'rejected') {
          m.unexpected++;
          m.firstUnexpected ??= r.ok ? 'accepted (ok: true)' : `error ${JSON.stringify(r.error)}`;
        }
      }
      done++;
      if (done === nextLog) {
        log(
          `conform timing: ${done}/${samplesRequested} a class (${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
        nextLog += Math.max(1, Math.floor(samplesRequested / 10));
      }
    }
  } catch (error) {
    client.kill();
    await client.exited;
    if (error instanceof TimingProbeError) throw error;
    throw new TimingProbeError('implementation', (error as Error).message, client.stderrTail());
  }
  await client.close();
  const durationMs = performance.now() - started;

  // R3.8's "same response" is about the answer; the clock is this tool's business. Prefer the
  // implementation's own t_ns (no pipe, no scheduler of the runner in it) when every answer has it.
  const all = [...measured.values()];
  const total = all.reduce((s, m) => s + m.tns.length, 0);
  const withTns = all.reduce((s, m) => s + m.tns.filter((t) => t !== undefined).length, 0);
  const source: TimingSource = total > 0 && withTns === total ? 't_ns' : 'wall';
  const note =
    source === 't_ns'
      ? 'the implementation\'s own "t_ns" (every answer had one)'
      : withTns === 0
        ? 'wall time around each request and its answer (the implementation gave no "t_ns")'
        : `wall time around each request and its answer ("t_ns" on only ${withTns} of ${total} answers)`;
  const series = (id: ClassId): number[] => {
    const m = measured.get(id)!;
    return source === 't_ns' ? m.tns.map((t) => t!) : m.wall;
  };

  const classReports: ClassReport[] = CLASS_IDS.map((id) => {
    const m = measured.get(id)!;
    const xs = series(id);
    const sorted = [...xs].sort((x, y) => x - y);
    return {
      id,
      title: byId.get(id)!.title,
      samples: xs.length,
      unexpected: m.unexpected,
      ...(m.firstUnexpected !== undefined ? { firstUnexpected: m.firstUnexpected } : {}),
      meanNs: xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length,
      medianNs: sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!,
    };
  });

  const tested = PAIRS.map((p) => ({ ...p, tests: dudectTests(series(p.a), series(p.b)) }));
  const control = judge(tested[0]!, undefined, classReports);
  const pairs = tested.slice(1).map((p) => judge(p, control, classReports));
  const verdict: Verdict = pairs.some((p) => p.verdict === 'leak')
    ? 'leak'
    : pairs.some((p) => p.verdict === 'inconclusive')
      ? 'inconclusive'
      : 'no evidence';
  return {
    tool: 'conform timing',
    implementation: { name: spec.name, command: [...spec.command], hello },
    seed,
    samplesRequested,
    samples: Math.min(...classReports.map((c) => c.samples)),
    timeBudgetMs,
    stoppedByTimeBudget,
    durationMs,
    timing: { source, note },
    threshold: T_THRESHOLD,
    minSamples: MIN_SAMPLES,
    classes: classReports,
    control,
    pairs,
    verdict,
  };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const micros = (ns: number): string => `${(ns / 1000).toFixed(1)} µs`;

/**
 * The verdict of one pair. The control (A against A') is "no evidence" or "inconclusive"; a real
 * pair is inconclusive whenever the control is noisy, since a difference the control also shows
 * says nothing about the implementation.
 */
function judge(
  pair: (typeof PAIRS)[number] & { tests: CroppedTest[] },
  control: PairReport | undefined,
  classes: readonly ClassReport[],
): PairReport {
  const best = maxTest(pair.tests, MIN_SAMPLES);
  const raw = pair.tests[0]!;
  const base = {
    id: pair.id,
    a: pair.a,
    b: pair.b,
    title: pair.title,
    rules: pair.rules,
    t: best === undefined ? null : finite(best.t),
    nA: best?.a.n ?? raw.a.n,
    nB: best?.b.n ?? raw.b.n,
    meanA: finite(best?.a.mean ?? raw.a.mean),
    meanB: finite(best?.b.mean ?? raw.b.mean),
    crop: best?.q ?? null,
    uncropped: { t: finite(raw.t), nA: raw.a.n, nB: raw.b.n },
  };
  const result = (verdict: Verdict, reason: string): PairReport => ({ ...base, verdict, reason });

  const odd = classes.filter((c) => (c.id === pair.a || c.id === pair.b) && c.unexpected > 0);
  if (odd.length > 0) {
    const what = odd.map(
      (c) =>
        `class ${c.id}: ${c.unexpected} of ${c.samples} answers were not "rejected" (first: ${c.firstUnexpected})`,
    );
    return result('inconclusive', `${what.join('; ')}; that is a conformance failure, see conform run`);
  }
  if (best === undefined) {
    return result('inconclusive', `too few samples: fewer than ${MIN_SAMPLES} a class in every test`);
  }
  const size = Math.abs(best.t);
  if (control === undefined) {
    return size > T_THRESHOLD
      ? result(
          'inconclusive',
          `two classes built the same way differ (|t| = ${size.toFixed(2)} > ${T_THRESHOLD}): the machine is too noisy to tell`,
        )
      : result(
          'no evidence',
          `|t| = ${size.toFixed(2)} ≤ ${T_THRESHOLD}, as it must be: the noise is calibrated`,
        );
  }
  if (control.verdict !== 'no evidence') {
    return result('inconclusive', `the control pair is inconclusive (${control.reason})`);
  }
  if (size > T_THRESHOLD) {
    const slower = best.b.mean > best.a.mean ? 'slower' : 'faster';
    return result(
      'leak',
      `class ${pair.b} is answered ${slower} than class ${pair.a} by ${micros(Math.abs(best.b.mean - best.a.mean))} on average (|t| = ${size.toFixed(2)} > ${T_THRESHOLD}). A correct receiver does the same work on both up to the msg_key verdict and a few comparisons after it (R3.9): this suggests the length or padding is looked at before msg_key (R3.8, R3.14)`,
    );
  }
  return result('no evidence', `|t| = ${size.toFixed(2)} ≤ ${T_THRESHOLD}`);
}

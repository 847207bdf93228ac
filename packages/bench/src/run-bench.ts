// `conform bench`: the baselines first, then for each implementation the vector suites (its record
// says how many it failed) and every workload, correctness before timing. Returns the record.
import { readFileSync } from 'node:fs';
import { ConfigError, resolveImplSpec, runVectors, type ImplSpec } from '@conform/runner';
import { measureCbcLimit } from './cbc-limit.js';
import { benchImplementation } from './implementation.js';
import { buildInput, type WorkloadInput } from './inputs.js';
import { measureNative } from './native.js';

import {
  describeMachine,
  RECORD_SCHEMA_VERSION,
  type Baselines,
  type BenchRecord,
  type ImplementationRecord,
  type BaselineSeries,
  type VectorSummary,
} from './record.js';
import { withLimit } from './stats.js';
import { planWorkloads, type WorkloadSpec } from './workloads.js';
import { SAMPLE_MAX_NS, SAMPLE_MIN_NS } from './calibrate.js';

/** The native baselines (native.ts NATIVE_ALGOS) that may be the limit: one-thread AES-256 encryption chains. */
const LIMIT_CANDIDATES: readonly string[] = ['evp-aes-256-cbc', 'aesni-ige-encrypt'];

export const DEFAULT_TIME_MS = 1000;
export const DEFAULT_MAX_SAMPLES = 50;
export const MIN_SAMPLES = 3;
export const DEFAULT_SEED = 'conform-bench';
/** Per-request silence allowed: a calibrated sample is under 50 ms, a first 1 MiB run may be slow. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface BenchOptions {
  /** Paths of implementations: directories with conform.json, or executables. */
  readonly implementations: readonly string[];
  readonly workloads?: readonly string[];
  readonly sizes?: readonly number[];
  /** Sampling budget per workload and implementation, ms (in-process; the round trip gets half more). */
  readonly timeMs?: number;
  readonly maxSamples?: number;
  readonly seed?: string;
  /** Measure the limit and the baselines (default true). */
  readonly baseline?: boolean;
  /** Vector suites run first: all (default), only these file stems, or none (tests only). */
  readonly vectorSuites?: readonly string[] | 'none';
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Reads /proc/cpuinfo; a parameter for tests. */
  readonly cpuinfo?: () => string;
}

function checkNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max)
    throw new ConfigError(`--${name} expected a number in ${min}..${max}, got ${value}`);
  return value;
}

async function vectorSummary(
  spec: ImplSpec,
  suites: readonly string[] | undefined,
  log: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<VectorSummary> {
  const report = await runVectors(spec, {
    suites: suites ?? [],
    allowEmpty: true,
    ...(signal !== undefined ? { signal } : {}),
  });
  const s = report.summary;
  const summary: VectorSummary = {
    selected: s.selected,
    pass: s.pass,
    fail: s.fail,
    error: s.error,
    acceptable: s.acceptable,
    skipped: s.skip,
    not_run: s.notRun,
    exit_code: report.exitCode,
    ...(report.stopped !== undefined ? { stopped: `${report.stopped.code}: ${report.stopped.message}` } : {}),
    suites: suites ?? null,
  };
  log(
    `conform bench: ${spec.name} — vectors: ${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.acceptable} acceptable, ${s.skip} skipped${summary.stopped ? ` (stopped: ${summary.stopped})` : ''}`,
  );
  return summary;
}

async function measureBaselines(
  workloads: readonly WorkloadSpec[],
  options: { timeMs: number; seed: string; aesNi: boolean | null; log: (line: string) => void },
): Promise<Baselines> {
  const sizes = [...new Set(workloads.flatMap((w) => (w.size === undefined ? [] : [w.size])))].sort(
    (a, b) => a - b,
  );
  if (sizes.length === 0)
    return { status: 'skipped', note: 'no workload has a size to compare with', limit: null, native: null };
  const budget = Math.max(100, options.timeMs / 2);
  options.log(`conform bench: node:crypto AES-256-CBC, ${sizes.length} size(s)`);
  const nodeCbc = await measureCbcLimit(sizes, {
    timeMs: budget,
    minSamples: MIN_SAMPLES,
    seed: options.seed,
  });
  const native = measureNative({
    sizes,
    timeMs: budget,
    minSamples: MIN_SAMPLES,
    seed: options.seed,
    aesNi: options.aesNi,
    log: options.log,
  });
  for (const note of native.notes) options.log(`conform bench: native: ${note}`);
  // The limit, at each size, is the fastest one-thread AES-256 chain this machine showed: OpenSSL's
  // EVP CBC from C, the AES-NI IGE encryption in C, or node:crypto's CBC (the same OpenSSL behind
  // Node's per-call overhead) where nothing native was built. Per-message setup differs between
  // them (EVP's context set-up dominates a 16-byte message), so no single series is the limit at
  // every size. Every series stays a baseline with its ratio.
  const candidates = [nodeCbc, ...native.series.filter((s) => LIMIT_CANDIDATES.includes(s.name))];
  const chosenBy: string[] = [];
  const limitPoints = sizes.flatMap((size) => {
    let best: { name: string; point: BaselineSeries['points'][number] } | undefined;
    for (const c of candidates) {
      const point = c.points.find((p) => p.size === size);
      if (point !== undefined && (point.mb_per_s ?? 0) > (best?.point.mb_per_s ?? 0))
        best = { name: c.name, point };
    }
    if (best === undefined) return [];
    chosenBy.push(`${size} B: ${best.name}`);
    return [{ ...best.point, ratio_to_limit: 1 }];
  });
  const limit: BaselineSeries = {
    name: 'the limit',
    description: `the fastest one-thread AES-256 chain measured at each size (${chosenBy.join('; ')})`,
    points: limitPoints,
  };
  options.log(`conform bench: the limit is ${limit.description}`);
  const byLimit = new Map(limit.points.map((p) => [p.size, p.mb_per_s ?? 0]));
  const others = [nodeCbc, ...native.series];
  return {
    status: 'measured',
    limit,
    native: {
      ...native,
      series: others.map((s) => ({
        ...s,
        points: s.points.map((p) => withLimit(p, byLimit.get(p.size))),
      })),
    },
  };
}

export async function runBench(options: BenchOptions): Promise<BenchRecord> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const timeMs = checkNumber('time', options.timeMs ?? DEFAULT_TIME_MS, 1, 3_600_000);
  const maxSamples = Math.floor(
    checkNumber('samples', options.maxSamples ?? DEFAULT_MAX_SAMPLES, 1, 100_000),
  );
  const minSamples = Math.min(MIN_SAMPLES, maxSamples);
  const seed = options.seed ?? DEFAULT_SEED;
  if (options.implementations.length === 0) throw new ConfigError('name at least one implementation');
  const specs = options.implementations.map((path) => ({ path, spec: resolveImplSpec(path) }));
  const plan = planWorkloads({
    ...(options.workloads !== undefined ? { workloads: options.workloads } : {}),
    ...(options.sizes !== undefined ? { sizes: options.sizes } : {}),
  });
  for (const note of plan.notes) log(`conform bench: ${note}`);
  const machine = describeMachine(options.cpuinfo ?? (() => readFileSync('/proc/cpuinfo', 'utf8')));

  const inputs = new Map<string, WorkloadInput>();
  const input = (w: WorkloadSpec) => {
    let value = inputs.get(w.id);
    if (value === undefined) inputs.set(w.id, (value = buildInput(w, seed)));
    return value;
  };

  const baselines: Baselines =
    options.baseline === false
      ? { status: 'skipped', note: '--no-baseline: no limit measured, no ratios', limit: null, native: null }
      : await measureBaselines(plan.workloads, { timeMs, seed, aesNi: machine.aes_ni, log });
  const limit = new Map((baselines.limit?.points ?? []).map((p) => [p.size, p.mb_per_s ?? 0]));

  const implementations: ImplementationRecord[] = [];
  for (const { path, spec } of specs) {
    if (options.signal?.aborted) break;
    const vectors =
      options.vectorSuites === 'none'
        ? null
        : await vectorSummary(spec, options.vectorSuites, log, options.signal);
    const record = await benchImplementation(spec, path, plan.workloads, {
      timeMs,
      maxSamples,
      minSamples,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      limit,
      input,
      log,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    if (record.failure !== undefined)
      log(`conform bench: ${spec.name} could not be benchmarked: ${record.failure}`);
    implementations.push({ ...record, vectors });
  }

  return {
    tool: 'conform bench',
    schema_version: RECORD_SCHEMA_VERSION,
    date: new Date().toISOString(),
    seed,
    settings: {
      time_ms: timeMs,
      max_samples: maxSamples,
      min_samples: minSamples,
      sample_target_ms: [SAMPLE_MIN_NS / 1e6, SAMPLE_MAX_NS / 1e6],
      workloads: plan.workloads.map((w) => w.id),
    },
    machine,
    baselines,
    implementations,
    duration_ms: Math.round(performance.now() - started),
    interrupted: options.signal?.aborted ?? false,
  };
}

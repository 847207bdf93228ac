// The record of a `conform bench` run: one JSON document (schema/bench-record.schema.json) from which
// the Markdown table, the SVG chart and --compare are all made.
import { cpus, hostname, release, type as osType } from 'node:os';
import type { Mismatch } from './check.js';
import type { Figure } from './stats.js';
import type { WorkloadName } from './workloads.js';

export const RECORD_SCHEMA_VERSION = 1;

export interface Machine {
  readonly hostname: string;
  readonly cpu_model: string;
  readonly cores: number;
  readonly os: string;
  readonly arch: string;
  readonly node: string;
  /** process.versions.openssl: the OpenSSL node:crypto runs on (one of the limit's candidates). */
  readonly openssl: string;
  /** The CPU advertises AES-NI (`aes` in /proc/cpuinfo's flags); null where that cannot be read. */
  readonly aes_ni: boolean | null;
}

/** A figure timed by the implementation itself through `bench` (PROTOCOL.md §8). */
export interface InProcessFigure extends Figure {
  readonly source: 'bench';
  /** The implementation said hex or JSON decoding is inside its timed loop. */
  readonly includes_codec: boolean;
}

/** A figure timed by the harness around the plain op over the pipe, requests pipelined. */
export interface RoundTripFigure extends Figure {
  readonly source: 'pipe';
  /** Requests in flight at most. */
  readonly window: number;
}

export type WorkloadStatus = 'timed' | 'refused' | 'unsupported' | 'error' | 'derived';

export interface WorkloadRecord {
  readonly id: string;
  readonly workload: WorkloadName;
  readonly op: string | null;
  readonly size: number | null;
  /**
   * timed: at least one figure; refused: the answer differs from the reference, nothing timed;
   * unsupported: the op is; error: the op failed otherwise; derived: the sum of other workloads.
   */
  readonly status: WorkloadStatus;
  /** Set when refused: where the plain op's answer departs from the reference's. */
  readonly mismatch?: Mismatch;
  /** Set when the `bench` answer's result departs from the reference's: no in-process figure then. */
  readonly bench_mismatch?: Mismatch;
  /** An error code and detail (status error or unsupported). */
  readonly error?: { readonly code: string; readonly detail: string };
  /** Null when not measured; then in_process_note says why (e.g. no bench op: round-trip only). */
  readonly in_process: InProcessFigure | null;
  readonly in_process_note?: string;
  readonly round_trip: RoundTripFigure | null;
  readonly round_trip_note?: string;
  /** For derived workloads: the ids whose medians are added. */
  readonly components?: readonly string[];
}

/** The outcome of the conform vector suites, run first (`conform run`'s summary). */
export interface VectorSummary {
  readonly selected: number;
  readonly pass: number;
  readonly fail: number;
  readonly error: number;
  readonly acceptable: number;
  readonly skipped: number;
  readonly not_run: number;
  readonly exit_code: number;
  /** Set when the run stopped early because the implementation failed as a process. */
  readonly stopped?: string;
  readonly suites: readonly string[] | null;
}

export interface ImplementationRecord {
  /** The name in conform.json (or the executable's). */
  readonly name: string;
  /** The path given on the command line. */
  readonly path: string;
  /** What its hello answered, but id and ok: name, version and any extra fields (library versions). */
  readonly hello: Readonly<Record<string, unknown>> | null;
  /** The vector summary, or null when the suites were not run. */
  readonly vectors: VectorSummary | null;
  /** Set when the implementation could not be benchmarked at all (did not start, bad hello). */
  readonly failure?: string;
  readonly workloads: readonly WorkloadRecord[];
}

export interface BaselinePoint extends Figure {
  readonly size: number;
}

export interface BaselineSeries {
  readonly name: string;
  readonly description: string;
  readonly points: readonly BaselinePoint[];
}

export interface Baselines {
  /** measured, or skipped (--no-baseline); then `note` says so. */
  readonly status: 'measured' | 'skipped';
  readonly note?: string;
  /**
   * The limit: at each size, the fastest one-thread AES-256 chain measured (OpenSSL EVP CBC from C,
   * the AES-NI IGE encryption in C, node:crypto CBC); its description names which, size by size.
   */
  readonly limit: BaselineSeries | null;
  readonly native: {
    readonly status: 'measured' | 'skipped';
    /** Why a part was skipped (no compiler, no OpenSSL headers, no AES-NI), or how it was built. */
    readonly notes: readonly string[];
    readonly compiler: string | null;
    readonly series: readonly BaselineSeries[];
  } | null;
}

export interface BenchRecord {
  readonly tool: 'conform bench';
  readonly schema_version: typeof RECORD_SCHEMA_VERSION;
  readonly date: string;
  readonly seed: string;
  readonly settings: {
    readonly time_ms: number;
    readonly max_samples: number;
    readonly min_samples: number;
    readonly sample_target_ms: readonly [number, number];
    readonly workloads: readonly string[];
  };
  readonly machine: Machine;
  readonly baselines: Baselines;
  readonly implementations: readonly ImplementationRecord[];
  readonly duration_ms: number;
  /** The run was stopped (Ctrl-C): the record holds what was measured until then. */
  readonly interrupted: boolean;
}

function readAesNi(read: () => string): boolean | null {
  try {
    const flags = /^flags\s*:(.*)$/m.exec(read());
    return flags === null ? null : flags[1]!.split(/\s+/).includes('aes');
  } catch {
    return null;
  }
}

/** This machine, as the record describes it; `cpuinfo` reads /proc/cpuinfo (a parameter for tests). */
export function describeMachine(cpuinfo: () => string): Machine {
  const cpu = cpus();
  return {
    hostname: hostname(),
    cpu_model: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    os: `${osType()} ${release()}`,
    arch: process.arch,
    node: process.version,
    openssl: process.versions.openssl ?? 'unknown',
    aes_ni: readAesNi(cpuinfo),
  };
}

// Synthetic records for the tests of the formatters and of --compare: every number is chosen here,
// none is measured.
import type {
  BenchRecord,
  Figure,
  ImplementationRecord,
  InProcessFigure,
  RoundTripFigure,
  WorkloadRecord,
} from '../src/index.js';

/** A figure whose samples are exactly `samples` (ns per op), for a workload of `size` bytes. */
export function figure(samples: readonly number[], size: number | null): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => {
    const i = (sorted.length - 1) * q;
    return sorted[Math.floor(i)]! + (sorted[Math.ceil(i)]! - sorted[Math.floor(i)]!) * (i - Math.floor(i));
  };
  const median = at(0.5);
  return {
    median_ns: median,
    p25_ns: at(0.25),
    p75_ns: at(0.75),
    samples_ns: samples,
    iterations: 100,
    mb_per_s: size === null ? null : (size / median) * 1000,
    ns_per_byte: size === null ? null : median / size,
    ratio_to_limit: null,
  };
}

export const inProcess = (samples: readonly number[], size: number | null): InProcessFigure => ({
  source: 'bench',
  includes_codec: false,
  ...figure(samples, size),
});

export const roundTrip = (samples: readonly number[], size: number | null): RoundTripFigure => ({
  source: 'pipe',
  window: 64,
  ...figure(samples, size),
});

export function timed(
  id: string,
  inProcessSamples: readonly number[] | null,
  roundTripSamples: readonly number[],
): WorkloadRecord {
  const [workload, sizeText] = id.split('/');
  const size = sizeText === undefined ? null : Number(sizeText);
  return {
    id,
    workload: workload as WorkloadRecord['workload'],
    op: workload!,
    size,
    status: 'timed',
    in_process: inProcessSamples === null ? null : inProcess(inProcessSamples, size),
    ...(inProcessSamples === null ? { in_process_note: 'bench unsupported: round-trip figure only' } : {}),
    round_trip: roundTrip(roundTripSamples, size),
  };
}

export function refused(id: string, offset: number): WorkloadRecord {
  const [workload, sizeText] = id.split('/');
  return {
    id,
    workload: workload as WorkloadRecord['workload'],
    op: workload!,
    size: sizeText === undefined ? null : Number(sizeText),
    status: 'refused',
    mismatch: {
      field: 'data',
      offset,
      expected_length: 16,
      actual_length: 16,
      expected_excerpt: 'aa',
      actual_excerpt: 'bb',
    },
    in_process: null,
    in_process_note: 'refused: wrong answer',
    round_trip: null,
  };
}

export function implementation(name: string, workloads: readonly WorkloadRecord[]): ImplementationRecord {
  return {
    name,
    path: `impls/${name}`,
    hello: { name, version: '1.0', protocol: 1, ops: ['hello'] },
    vectors: {
      selected: 10,
      pass: 9,
      fail: 1,
      error: 0,
      acceptable: 0,
      skipped: 0,
      not_run: 0,
      exit_code: 1,
      suites: null,
    },
    workloads,
  };
}

export function record(
  implementations: readonly ImplementationRecord[],
  workloads?: readonly string[],
): BenchRecord {
  return {
    tool: 'conform bench',
    schema_version: 1,
    date: '2026-01-02T03:04:05.000Z',
    seed: 'test',
    settings: {
      time_ms: 1000,
      max_samples: 50,
      min_samples: 3,
      sample_target_ms: [20, 50],
      workloads: workloads ?? [...new Set(implementations.flatMap((i) => i.workloads.map((w) => w.id)))],
    },
    machine: {
      hostname: 'test-host',
      cpu_model: 'Test CPU',
      cores: 2,
      os: 'Linux 6',
      arch: 'x64',
      node: 'v20.0.0',
      openssl: '3.0.0',
      aes_ni: true,
    },
    baselines: {
      status: 'skipped',
      note: 'synthetic',
      limit: null,
      native: null,
    },
    implementations,
    duration_ms: 1,
    interrupted: false,
  };
}

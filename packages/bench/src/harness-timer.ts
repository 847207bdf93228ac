// Harness-side timing with tinybench: the round trips over the pipe and the in-process JavaScript
// baselines. A task runs a batch of operations (sized so one sample takes about 30 ms); a sample is
// the batch's time divided by its size.
import { Bench } from 'tinybench';
import { MAX_ITERATIONS, SAMPLE_TARGET_NS } from './calibrate.js';

export interface HarnessTiming {
  /** ns per operation, one a sample (tinybench returns them sorted). */
  readonly samples: readonly number[];
  readonly batch: number;
}

/** Operations a batch holds so that it takes about SAMPLE_TARGET_NS, from the time one took. */
export function batchSize(perOperationNs: number, max = MAX_ITERATIONS): number {
  if (!(perOperationNs > 0)) return max;
  return Math.min(max, Math.max(1, Math.round(SAMPLE_TARGET_NS / perOperationNs)));
}

/**
 * Times `operation` in batches with tinybench for `timeMs` (at least `minSamples`
 * batches). `estimateRuns` operations are timed first, unmeasured, to size the batch (and warm up).
 */
export async function timeWithTinybench(
  name: string,
  operation: () => unknown,
  options: {
    readonly timeMs: number;
    readonly minSamples: number;
    readonly maxBatch?: number;
    /** The operation returns a promise; a batch starts them all, then awaits them. */
    readonly pipelined?: boolean;
  },
  estimateRuns = 4,
): Promise<HarnessTiming> {
  const started = performance.now();
  for (let i = 0; i < estimateRuns; i++) await operation();
  const batch = batchSize(((performance.now() - started) * 1e6) / estimateRuns, options.maxBatch);
  // Async operations (requests) are all started, then awaited: the client pipelines them.
  const runBatch = options.pipelined
    ? async () => {
        const pending: unknown[] = [];
        for (let i = 0; i < batch; i++) pending.push(operation());
        await Promise.all(pending);
      }
    : () => {
        for (let i = 0; i < batch; i++) operation();
      };
  const bench = new Bench({
    name,
    time: options.timeMs,
    iterations: options.minSamples,
    warmup: true,
    warmupIterations: 1,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  });
  bench.add(name, runBatch);
  await bench.run();
  const result = bench.getTask(name)?.result;
  if (result === undefined || (result.state !== 'completed' && result.state !== 'aborted-with-statistics'))
    throw new Error(`tinybench did not complete "${name}" (${result?.state ?? 'no task'})`);
  const samples = result.latency.samples ?? [];
  if (samples.length === 0) throw new Error(`tinybench kept no samples of "${name}"`);
  return { samples: samples.map((ms) => (ms * 1e6) / batch), batch };
}

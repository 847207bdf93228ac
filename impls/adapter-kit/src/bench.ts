// The `bench` op (PROTOCOL.md §8) built from an adapter's prepared workloads. A workload is a
// stateless op of §5 split in three: `prepare` decodes and checks its arguments once, `run` is the
// library call (the only code inside the timed loop), `encode` turns the output of one run into the
// op's own results. The op itself is the same three steps run once (`opOf`), so what bench answers
// for some arguments is what the op answers for them, errors included.
import { argument, describe, type Args, type Results } from './args.js';
import { badInput, unsupported } from './protocol-error.js';
import type { Op } from './serve.js';

/** The largest `iterations` a bench request may ask for (PROTOCOL.md §8). */
export const MAX_BENCH_ITERATIONS = 1_000_000;

/** A workload with its arguments decoded, ready to run any number of times. */
export interface Prepared {
  /** Whether `run` returns a promise (each run is then awaited before the next). */
  readonly async: boolean;
  /** The library call. Runs back to back; must not depend on an earlier run. */
  readonly run: () => unknown;
  /** The op's results from the output of one run; may throw the op's own ProtocolErrors. */
  readonly encode: (output: unknown) => Results;
}

/** A workload whose library call is synchronous. */
export function prepared<T>(run: () => T, encode: (output: T) => Results): Prepared {
  return { async: false, run, encode: (output) => encode(output as T) };
}

/** A workload whose library call returns a promise (GramJS hashes asynchronously). */
export function preparedAsync<T>(run: () => Promise<T>, encode: (output: T) => Results): Prepared {
  return { async: true, run, encode: (output) => encode(output as T) };
}

/**
 * Decodes and checks a workload's arguments (exactly the op's own, PROTOCOL.md §5) and everything
 * else that is not the computation; throws the op's `bad_input` and `unsupported` errors.
 */
export type Prepare = (args: Args) => Prepared | Promise<Prepared>;

/** The op a workload stands for: prepare, one run, encode. */
export function opOf(prepare: Prepare): Op {
  return async (args) => {
    const work = await prepare(args);
    return work.encode(work.async ? await work.run() : work.run());
  };
}

export interface BenchRequest {
  readonly workload: string;
  readonly args: Args;
  readonly iterations: number;
}

/** The arguments of a bench request, checked (PROTOCOL.md §8: each wrong one is `bad_input`). */
export function benchRequest(request: Args): BenchRequest {
  const workload = argument(request, 'workload');
  if (typeof workload !== 'string')
    throw badInput('workload', 'the name of a stateless op', describe(workload));
  const args = argument(request, 'args');
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw badInput('args', "an object of the workload's arguments", describe(args));
  }
  const iterations = argument(request, 'iterations');
  if (
    typeof iterations !== 'number' ||
    !Number.isInteger(iterations) ||
    iterations < 1 ||
    iterations > MAX_BENCH_ITERATIONS
  ) {
    throw badInput('iterations', `an integer in 1..${MAX_BENCH_ITERATIONS}`, describe(iterations));
  }
  return { workload, args: args as Args, iterations };
}

interface Timed {
  readonly elapsed: bigint;
  readonly output: unknown;
}

// The two loops are kept apart and minimal: the clock is read right before the first run and
// right after the last, with nothing but the runs in between.
function timeSync(run: () => unknown, iterations: number): Timed {
  let output: unknown;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) output = run();
  const elapsed = process.hrtime.bigint() - start;
  return { elapsed, output };
}

async function timeAsync(run: () => unknown, iterations: number): Promise<Timed> {
  let output: unknown;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) output = await run();
  const elapsed = process.hrtime.bigint() - start;
  return { elapsed, output };
}

/**
 * The `bench` op over an adapter's workloads. `notOffered` gives the reason a stateless op is not
 * a workload here (answered `unsupported`, as is any other name). A run that throws ends the loop
 * with the op's own error; the answer carries no timing then.
 */
export function benchOp(
  workloads: ReadonlyMap<string, Prepare>,
  notOffered: ReadonlyMap<string, string> = new Map(),
): Op {
  return async (request) => {
    const { workload, args, iterations } = benchRequest(request);
    const prepare = workloads.get(workload);
    if (prepare === undefined) {
      throw unsupported(
        notOffered.get(workload) ??
          `no bench workload ${JSON.stringify(workload)} here (offered: ${[...workloads.keys()].join(', ')})`,
      );
    }
    const work = await prepare(args);
    const { elapsed, output } = work.async
      ? await timeAsync(work.run, iterations)
      : timeSync(work.run, iterations);
    return { elapsed_ns: elapsed.toString(), iterations, result: work.encode(output) };
  };
}

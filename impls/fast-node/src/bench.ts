// The `bench` op (protocol v1 §8): decode a workload's arguments once, run its fast core N times
// back to back timed by the monotonic clock (process.hrtime.bigint), encode one run's result. The
// codec stays out of the timed loop, so no `includes_codec`.
import {
  argument,
  badInput,
  describe,
  integerArg,
  ProtocolError,
  type Args,
  type Op,
  type Results,
} from '@conform/impl-reference';
import type { Workload } from './workloads.js';

export const MAX_ITERATIONS = 1_000_000;

/**
 * The bench op over `workloads` (protocol name → workload). Its own checks come in the order
 * impls/reference's bench makes them: workload a string, args an object, iterations in range
 * (each bad_input), then the workload offered (unsupported), then the op's own argument checks.
 */
export function createBenchOp(workloads: ReadonlyMap<string, Workload>): Op {
  return (request: Args): Results => {
    const name = argument(request, 'workload');
    if (typeof name !== 'string') throw badInput('workload', 'the name of a stateless op', describeArg(name));
    const args = argument(request, 'args');
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      throw badInput('args', "an object of the workload's arguments", describeArg(args));
    }
    const iterations = integerArg(request, 'iterations');
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw badInput('iterations', `an integer in 1..${MAX_ITERATIONS}`, String(iterations));
    }
    const workload = workloads.get(name);
    if (workload === undefined) {
      throw new ProtocolError(
        'unsupported',
        `no bench workload ${JSON.stringify(name)} (offered: ${[...workloads.keys()].join(', ')})`,
      );
    }
    return timeWorkload(workload, args as Args, iterations);
  };
}

const describeArg = (value: unknown): string => (value === undefined ? 'nothing (missing)' : describe(value));

function timeWorkload<Input, Value>(
  workload: Workload<Input, Value>,
  args: Args,
  iterations: number,
): Results {
  const input = workload.decode(args);
  const { compute } = workload;
  let value!: Value;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) value = compute(input);
  const elapsed = process.hrtime.bigint() - start;
  return { elapsed_ns: elapsed.toString(), iterations, result: workload.encode(value) };
}

// fast-node's op table: the reference adapter's (impls/reference: every stateless op, the chat
// ops), with the hot paths replaced by the fast workloads of workloads.ts, its own hello, and bench.
import { OPS as REFERENCE_OPS, type Args, type Op, type Results } from '@conform/impl-reference';
import { createBenchOp } from './bench.js';
import { IGE_PATH } from './ige.js';
import { WORKLOADS, type Workload } from './workloads.js';

export const NAME = 'conform fast-node';
/** The package version with the IGE path that answers, so reports show it. */
export const VERSION = `0.1.0 (${IGE_PATH})`;

const run =
  <Input, Value>(workload: Workload<Input, Value>): Op =>
  (args) =>
    workload.encode(workload.compute(workload.decode(args)));

/** The reference's hello (its protocol check included) with this implementation's name and ops. */
function hello(args: Args): Results {
  const reference = REFERENCE_OPS.get('hello');
  if (reference === undefined) throw new Error('impls/reference has no hello op');
  return { ...reference(args), name: NAME, version: VERSION, ops: [...OPS.keys()] };
}

/**
 * Every op, by protocol name, in the reference's order with bench last (a Map: a replaced entry
 * keeps its place, and no inherited keys such as `toString` are ops).
 */
export const OPS: ReadonlyMap<string, Op> = new Map<string, Op>([
  ...REFERENCE_OPS,
  ['hello', hello],
  ...[...WORKLOADS].map(([name, workload]): [string, Op] => [name, run(workload)]),
  ['bench', createBenchOp(WORKLOADS)],
]);

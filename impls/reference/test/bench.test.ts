// The bench op (PROTOCOL.md §8) through the same dispatcher the process uses: the shared suite of
// @conform/adapter-kit/testing (a devDependency only: the adapter itself does not use the kit).
// The reference benches every workload of the contract and reproduces every valid vector.
import { describeBenchSuite, lineExchange, WORKLOAD_FILES } from '@conform/adapter-kit/testing';
import { BENCH_WORKLOADS } from '../src/bench.js';
import { handleLine } from '../src/dispatch.js';

describeBenchSuite({
  library: 'the reference',
  exchange: lineExchange(handleLine),
  workloads: Object.keys(WORKLOAD_FILES),
  offered: BENCH_WORKLOADS,
  everyValidVector: true,
  decryptsOwnMessages: true,
  iterations: 3,
});

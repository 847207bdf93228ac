// @conform/adapter-kit/testing: what adapter tests share. Imports vitest, so only tests import it;
// the kit's runtime entry (src/index.ts) never does.
export { describeBenchSuite, type BenchSuite } from './bench-suite.js';
export {
  lineExchange,
  processExchange,
  serveExchange,
  type Exchange,
  type Request,
  type Response,
} from './exchange.js';
export { VECTOR_DIR, WORKLOAD_FILES, vectorCases, type VectorCase } from './vector-cases.js';

// @conform/bench: `conform bench <impl…>`, throughput of implementations of the stateless ops, each
// checked against the reference before it is timed, measured against the machine's sequential AES-NI limit
// in the same run. The runner's cli.ts loads this package when the command runs and calls
// runBenchCommand; tests call runBench and the formatters directly. README.md explains the figures.
export { runBenchCommand, exitCodeOf, type BenchCommandOptions, type CommandIo } from './command.js';
export {
  runBench,
  DEFAULT_TIME_MS,
  DEFAULT_MAX_SAMPLES,
  DEFAULT_SEED,
  DEFAULT_TIMEOUT_MS,
  MIN_SAMPLES,
  type BenchOptions,
} from './run-bench.js';
export {
  planWorkloads,
  parseSize,
  formatSize,
  workloadId,
  WORKLOAD_NAMES,
  IGE_SIZES,
  E2E_SIZES,
  E2E_MIN_SIZE,
  MSG_KEY_KDF,
  type BenchOp,
  type WorkloadName,
  type WorkloadSpec,
  type Plan,
  type PlanOptions,
} from './workloads.js';
export { buildInput, e2eMessage, seededRng, telegramPrime, type WorkloadInput } from './inputs.js';
export { compareResult, describeMismatch, type Mismatch } from './check.js';
export {
  nextIterations,
  calibrate,
  SAMPLE_MIN_NS,
  SAMPLE_MAX_NS,
  SAMPLE_TARGET_NS,
  MAX_ITERATIONS,
  type Calibration,
} from './calibrate.js';
export { batchSize } from './harness-timer.js';
export { parseElapsed } from './in-process.js';
export { deriveSum } from './implementation.js';
export { figureOf, quantile, median, relativeIqr, mbPerSecond, type Figure } from './stats.js';
export {
  compareRecords,
  formatComparison,
  parseRecord,
  allowance,
  MIN_REGRESSION,
  type Change,
  type Comparison,
} from './compare.js';
export { formatMarkdown, implementationLabel } from './markdown.js';
export { renderSvg, chartedWorkloads } from './svg.js';
export { cbcEncryptOnce, CBC_LIMIT_NAME } from './cbc-limit.js';
export type {
  BenchRecord,
  ImplementationRecord,
  WorkloadRecord,
  WorkloadStatus,
  InProcessFigure,
  RoundTripFigure,
  VectorSummary,
  Baselines,
  BaselineSeries,
  BaselinePoint,
  Machine,
} from './record.js';

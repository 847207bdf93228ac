// Library entry of @conform/runner: what the `conform` command does, callable from tests.
export { runSelfCheck, formatSelfCheck, type SelfCheckReport, type SelfCheckResult } from './selfcheck.js';
export { ConfigError } from './run/errors.js';
export { resolveImplSpec, type ImplSpec } from './run/impl-spec.js';
export {
  ProtocolClient,
  ProtocolClientError,
  type ClientErrorCode,
  type ClientOptions,
  type ExitInfo,
  type HelloResult,
  type Response,
} from './run/protocol-client.js';
export {
  runVectors,
  EXIT_CODES,
  MAX_IDLE_RESTARTS,
  type RunOptions,
  type RunReport,
  type RunSummary,
  type TestResult,
  type ResultOutcome,
} from './run/execute.js';
export { judge, hexDiff, type Outcome } from './run/judge.js';
export {
  selectTests,
  parseShard,
  parseFilter,
  availableSuites,
  type Selection,
  type SelectedTest,
} from './run/select.js';
export { formatHuman, formatJUnit, shouldUseColor } from './run/report.js';
export {
  loadExpectFail,
  parseExpectFail,
  applyExpectFail,
  type ExpectFailEntry,
  type ExpectFailManifest,
  type ExpectedFailure,
  type StaleEntry,
} from './run/expect-fail.js';
export { formatMarkdown, type MarkdownOptions } from './run/markdown.js';
export { formatAnnotations, shouldAnnotate, escapeData, escapeProperty } from './run/annotations.js';
export { verifyVectorFiles, formatVerdicts, type FileVerdict } from './vectors-verify.js';

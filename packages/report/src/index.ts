// @conform/report: conform's HTML reports — one self-contained page per run (`conform run --html`)
// and the interop matrix of several implementations (`conform matrix`).
export { renderRunReport, type RunPageOptions } from './run-page.js';
export type { RunReportLike, TestResultLike, Outcome } from './run-input.js';
export { renderByteDiff, renderComparison } from './byte-diff.js';
export { ruleInfo, compareRuleIds, type RuleInfo } from './rules.js';
export {
  buildMatrix,
  MATRIX_FORMAT,
  type MatrixDocument,
  type MatrixInput,
  type MatrixOptions,
  type MatrixRow,
  type MatrixCell,
  type MatrixImplementation,
  type MatrixFailure,
  type RowKind,
} from './matrix.js';
export { renderMatrix, type MatrixPageOptions } from './matrix-page.js';
export { svgImage, isSvg } from './bench-figure.js';
export { describeMachine } from './machine.js';
export { writeRunReport, writeMatrix, type WriteMatrixOptions, type WrittenFile } from './write.js';

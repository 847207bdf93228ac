// Library entry of @conform/runner: what the `conform` command does, callable from tests.
export { runSelfCheck, formatSelfCheck, type SelfCheckReport, type SelfCheckResult } from './selfcheck.js';

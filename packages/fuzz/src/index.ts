// @conform/fuzz: the stateless part of `conform fuzz <impl>` — differential fuzzing of every
// stateless op against the reference, and mutation fuzzing of e2e.decrypt (docs/spec.md R3.7).
//
// --help text for the CLI (to be wired in packages/runner/src/cli.ts):
//
//   conform fuzz <impl>
//
//   Fuzz an implementation's stateless ops against the reference, in-process. Differential mode
//   draws inputs for every stateless op the implementation lists in hello (edges first: empty and
//   ragged data, padding of 11/12/1024/1025 bytes, x outside {0, 8}, DH values at 1, 2, 2^1984 ± 1,
//   p − 2^1984 ± 1, p − 1, p, key_hash lengths around 16 and 36, g_a of 0..257 bytes, TL objects
//   of the secret layer and of the server API, each codec also given the other's) and compares
//   each answer with the reference's. Mutation mode builds valid e2e messages and breaks them (bit flips, truncation,
//   extension, block swaps, re-sealed messages with a bad length field or padding); the
//   implementation must reject exactly what the reference rejects. Where clients legitimately
//   differ (docs/spec.md §12) either answer is accepted. Findings are shrunk, deduplicated by op and
//   kind, and printed with the command that replays them.
//
//   Options:
//     --mode <m>       differential | mutation | all                       [default: all]
//     --seed <n>       fast-check seed (printed when random)                [default: random]
//     --runs <n>       cases to run                                         [default: 10000]
//     --time <s>       stop exploring after this many seconds (shrinking comes on top)
//     --ops <list>     only these ops, comma-separated (e.g. e2e.decrypt,tl.decode)
//     --save <dir>     write one regression vector file per finding into <dir>
//     --timeout <ms>   per-request timeout                                  [default: 10000]
//     --json           print the report as one JSON document on stdout
//
//   Exit status: 0 nothing found, 1 findings, 2 usage error, 3 the implementation failed as a
//   process (crash past restarts, protocol breakage), 4 nothing to fuzz (no stateless op listed).
//
//   Examples:
//     conform fuzz impls/reference --runs 100000
//     conform fuzz ./my-impl --mode mutation --time 60 --save fuzz-findings/
export {
  runFuzz,
  replayCommand,
  DEFAULT_RUNS,
  SHRINK_TIME_MS,
  FUZZ_EXIT_CODES,
  type FuzzOptions,
  type FuzzReport,
  type FuzzMode,
  type Finding,
} from './fuzz.js';
export { formatFuzzReport } from './report.js';
export { ORACLE, STATELESS_OPS, sameOutcome, type Expectation, type Outcome } from './oracle.js';
export { regressionFile, regressionFileName, type RegressionInput } from './regression.js';
export type { FuzzCase } from './case.js';
export {
  runChatFuzz,
  formatChatFuzzReport,
  sessionTranscript,
  describeCommand,
  chatSession,
  type ChatFuzzOptions,
  type ChatFuzzReport,
  type ChatFinding,
  type ChatSession,
  type ChatCommand,
} from './chat/chat-fuzz.js';

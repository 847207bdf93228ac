// @conform/timing: `conform timing <impl>`, an advisory dudect-style timing probe of e2e.decrypt.
// It checks what no vector can see: that a receiver does not answer a message whose length or
// padding is bad sooner or later than a forged one, i.e. that it does not look at the length before
// msg_key (R3.7 steps 4–5, R3.8, R3.9; the 2021 timing findings, R3.12–R3.14).
//
// The command line, for the runner's cli.ts to wire to runTimingProbe and formatTimingReport
// (exit codes as EXIT_CODES of @conform/runner):
//
//   conform timing <impl>
//
//   Time e2e.decrypt's rejections, class by class, and look for a difference (advisory)
//
//   Sends e2e.decrypt requests one at a time, in random order, from four classes on one key, every
//   one of which a correct implementation answers "rejected": A and A' carry a random msg_key, B the
//   real msg_key over padding outside 12..1024 bytes, C the real msg_key over a length field beyond
//   the data. Runs Welch's t-test (dudect's percentile crops) on A against B and A against C, and on
//   A against A' as a noise calibration. Per pair: LEAK (|t| > 4.5), no evidence, or inconclusive
//   (too few samples, a class not rejected, or the control pair itself differs: too noisy a machine).
//   Wall time around each request is used, unless every answer carries the implementation's own
//   "t_ns" (nanoseconds spent on the op), which is then preferred. Advisory: "no evidence" is not a
//   proof of constant time, and a shared machine can make any run inconclusive.
//
//   Positionals:
//     impl  A directory with conform.json ({"name", "command": [argv...]}) or an executable file
//
//   Options:
//     --samples <n>    Measurements per class                             [number] [default: 5000]
//     --seed <n>       Seed of the key, the messages and the order (0..2^32-1); random by default,
//                      printed in the report                                                [number]
//     --time <s>       Stop collecting after this many seconds, even short of --samples
//                                                                             [number] [default: 120]
//     --json           Print the report as one JSON document on stdout        [boolean] [default: false]
//     --fail-on-leak   Exit 1 when a pair is LEAK (default: exit 0 whatever the verdicts: advisory)
//                                                                            [boolean] [default: false]
//     --quiet          No progress lines on stderr                            [boolean] [default: false]
//
//   Exit status: 0 the probe ran (any verdict, unless --fail-on-leak); 1 --fail-on-leak and a LEAK;
//   2 usage or configuration error; 3 the implementation could not be probed (did not start, bad
//   hello, crashed, timed out, or answers e2e.decrypt with "unsupported": TimingProbeError).
//
//   Examples:
//     conform timing impls/reference
//     conform timing impls/mutants/decrypt-slow-padding-check-before-msg-key --samples 500
//
// Wiring sketch: `const report = await runTimingProbe(resolveImplSpec(argv.impl), { samples,
// seed, timeMs: argv.time * 1000, log: quiet ? undefined : (l) => process.stderr.write(l + '\n') })`,
// then formatTimingReport(report, { color: shouldUseColor() }) on stderr and, with --json,
// JSON.stringify(report) on stdout; catch TimingProbeError → 3, ConfigError → 2.
export {
  runTimingProbe,
  parseTns,
  TimingProbeError,
  DEFAULT_SAMPLES,
  DEFAULT_TIME_MS,
  MIN_SAMPLES,
  WARMUP_ROUNDS,
  POOL,
  type TimingOptions,
  type TimingReport,
  type PairReport,
  type ClassReport,
  type Verdict,
  type PairId,
  type TimingSource,
} from './probe.js';
export { formatTimingReport } from './format.js';
export {
  buildClasses,
  seededRng,
  CLASS_IDS,
  PLAINTEXT_LENGTH,
  type ClassId,
  type ProbeClass,
} from './classes.js';
export {
  welchT,
  moments,
  cropThresholds,
  cropBelow,
  dudectTests,
  maxTest,
  T_THRESHOLD,
  DUDECT_PERCENTILES,
  type Moments,
  type WelchResult,
  type CroppedTest,
} from './stats.js';

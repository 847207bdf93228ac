// The statistics of the probe, after dudect (Reparaz, Balasch and Verbauwhede, "Dude, is my code
// constant time?", DATE 2017, IACR ePrint 2016/1123, and its reference code github.com/oreparaz/dudect):
// Welch's t-test between two classes of measurements, run on the raw measurements and on copies
// cropped at a ladder of percentiles, keeping the most extreme statistic. Written by hand: it is a
// few lines, and a dependency would hide exactly the formula the report's verdict rests on.

/** |t| above which dudect (and TVLA before it) calls a difference evidence of a leak. */
export const T_THRESHOLD = 4.5;

/** dudect's number of cropping thresholds (DUDECT_NUMBER_PERCENTILES). */
export const DUDECT_PERCENTILES = 100;

export interface Moments {
  readonly n: number;
  readonly mean: number;
  /** The unbiased sample variance, s² = Σ (x − mean)² / (n − 1); NaN below two samples. */
  readonly variance: number;
}

/** Mean and sample variance, two passes (the values are nanoseconds, up to ~1e10: no cancellation worth a Welford loop). */
export function moments(xs: readonly number[]): Moments {
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, variance: NaN };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let squares = 0;
  for (const x of xs) squares += (x - mean) * (x - mean);
  return { n, mean, variance: n < 2 ? NaN : squares / (n - 1) };
}

export interface WelchResult {
  /** Welch's t; positive when a's mean is the larger. NaN when a class has fewer than two samples. */
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom (reported for completeness; the verdict uses |t| alone, as dudect does). */
  readonly df: number;
  readonly a: Moments;
  readonly b: Moments;
}

/**
 * Welch's unequal-variances t-test (Welch, Biometrika 34, 1947):
 *
 *        t = (mean_a − mean_b) / sqrt(s_a² / n_a + s_b² / n_b)
 *
 *   with s² the unbiased sample variances, and the Welch–Satterthwaite degrees of freedom
 *
 *       df = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)² / (n_a − 1) + (s_b²/n_b)² / (n_b − 1)).
 *
 * dudect's t_compute is the same formula. With both variances zero, the denominator is zero: t is 0
 * for equal means and ±Infinity otherwise (every sample of a differs by the same amount from every
 * sample of b, which is as strong as evidence gets).
 */
export function welchT(a: readonly number[], b: readonly number[]): WelchResult {
  const ma = moments(a);
  const mb = moments(b);
  if (ma.n < 2 || mb.n < 2) return { t: NaN, df: NaN, a: ma, b: mb };
  const ea = ma.variance / ma.n; // squared standard error of mean_a
  const eb = mb.variance / mb.n;
  const diff = ma.mean - mb.mean;
  const se2 = ea + eb;
  if (se2 === 0) return { t: diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity, df: NaN, a: ma, b: mb };
  const t = diff / Math.sqrt(se2);
  const df = (se2 * se2) / ((ea * ea) / (ma.n - 1) + (eb * eb) / (mb.n - 1));
  return { t, df, a: ma, b: mb };
}

/**
 * dudect's cropping thresholds: the pooled measurements' percentiles at
 * q_i = 1 − 0.5^(10·(i + 1) / count), i = 0 … count − 1 (prepare_percentiles), each taken as the
 * element at index floor(q · n) of the sorted values (dudect's `percentile`). The q_i run from about
 * 0.067 to 0.999, dense near the top: "the exponential tendency is meant to approximately match the
 * measurements distribution". Cropping cuts the long right tail (preemption, page faults, a busy
 * neighbour on a shared machine), which otherwise inflates the variance and hides a real difference.
 */
export function cropThresholds(
  pooled: readonly number[],
  count = DUDECT_PERCENTILES,
): { readonly q: number; readonly threshold: number }[] {
  if (pooled.length === 0) return [];
  const sorted = [...pooled].sort((x, y) => x - y);
  const out: { q: number; threshold: number }[] = [];
  for (let i = 0; i < count; i++) {
    const q = 1 - Math.pow(0.5, (10 * (i + 1)) / count);
    out.push({ q, threshold: sorted[Math.floor(sorted.length * q)]! });
  }
  return out;
}

/** Keeps the measurements strictly below `threshold` (dudect: `if (difference < percentiles[i])`). */
export function cropBelow(xs: readonly number[], threshold: number): number[] {
  return xs.filter((x) => x < threshold);
}

export interface CroppedTest extends WelchResult {
  /** The percentile the test was cropped at, or undefined for the uncropped test. */
  readonly q: number | undefined;
  readonly threshold: number | undefined;
}

/**
 * dudect's family of first-order tests: the uncropped test, then one per cropping threshold of the
 * pooled measurements of both classes. (dudect's second-order test is left out: it needs far more
 * samples than a probe over a pipe can afford, and the cropped tests already see most variance leaks.)
 */
export function dudectTests(
  a: readonly number[],
  b: readonly number[],
  percentiles = DUDECT_PERCENTILES,
): CroppedTest[] {
  const tests: CroppedTest[] = [{ ...welchT(a, b), q: undefined, threshold: undefined }];
  for (const { q, threshold } of cropThresholds([...a, ...b], percentiles)) {
    tests.push({ ...welchT(cropBelow(a, threshold), cropBelow(b, threshold)), q, threshold });
  }
  return tests;
}

/**
 * The test with the largest |t| among those with at least `minSamples` in each class (dudect's
 * max_test, which skips tests with too few measurements). Undefined if none qualifies.
 */
export function maxTest(tests: readonly CroppedTest[], minSamples: number): CroppedTest | undefined {
  let best: CroppedTest | undefined;
  for (const test of tests) {
    if (test.a.n < minSamples || test.b.n < minSamples || Number.isNaN(test.t)) continue;
    if (best === undefined || Math.abs(test.t) > Math.abs(best.t)) best = test;
  }
  return best;
}

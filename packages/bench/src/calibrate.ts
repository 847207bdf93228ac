// How many runs of an op one sample holds. A sample should take 20–50 ms: long enough that the clock's
// resolution and the cost of one request are noise, short enough that a --time budget of a second
// still holds a few dozen samples.

export const SAMPLE_MIN_NS = 20e6;
export const SAMPLE_MAX_NS = 50e6;
export const SAMPLE_TARGET_NS = 30e6;
/** The protocol's bound on `iterations` (PROTOCOL.md §8). */
export const MAX_ITERATIONS = 1_000_000;
/** Below this a measurement says little (a cold first run, the timer's grain): grow at most GROWTH-fold. */
const TRUSTED_NS = 1e6;
const GROWTH = 1000;
/** Calibration gives up after this many measurements and keeps the last count. */
export const MAX_CALIBRATION_ROUNDS = 12;

export interface Calibration {
  /** True when `iterations` is final: a sample in range, or a bound reached. */
  readonly settled: boolean;
  readonly iterations: number;
}

/**
 * The next iteration count after `iterations` runs took `elapsedNs`. Settled when that is already a
 * 20–50 ms sample, when one run alone is longer than a sample, or when the protocol's bound stops
 * growth; otherwise aims at 30 ms from the time one run took, growing at most 1000-fold from a
 * measurement under 1 ms.
 */
export function nextIterations(iterations: number, elapsedNs: number): Calibration {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS)
    throw new RangeError(`"iterations" expected an integer in 1..${MAX_ITERATIONS}, got ${iterations}`);
  if (!(elapsedNs >= 0)) throw new RangeError(`"elapsedNs" expected a time ≥ 0, got ${elapsedNs}`);
  if (elapsedNs >= SAMPLE_MIN_NS && elapsedNs <= SAMPLE_MAX_NS) return { settled: true, iterations };
  if (elapsedNs > SAMPLE_MAX_NS && iterations === 1) return { settled: true, iterations };
  if (elapsedNs < SAMPLE_MIN_NS && iterations === MAX_ITERATIONS) return { settled: true, iterations };
  const perRun = Math.max(elapsedNs, 1) / iterations;
  let next = Math.round(SAMPLE_TARGET_NS / perRun);
  if (elapsedNs < TRUSTED_NS) next = Math.min(next, iterations * GROWTH);
  next = Math.min(MAX_ITERATIONS, Math.max(1, next));
  return { settled: false, iterations: next };
}

/**
 * Runs `measure(iterations)` (elapsed ns) until the count settles or MAX_CALIBRATION_ROUNDS pass,
 * starting from one run. The measurements are warm-up and are not kept.
 */
export async function calibrate(measure: (iterations: number) => Promise<number>): Promise<number> {
  let iterations = 1;
  for (let round = 0; round < MAX_CALIBRATION_ROUNDS; round++) {
    const step = nextIterations(iterations, await measure(iterations));
    if (step.settled) return step.iterations;
    iterations = step.iterations;
  }
  return iterations;
}

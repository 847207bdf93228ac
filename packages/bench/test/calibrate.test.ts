// Calibration math: how many runs a sample holds so that it takes 20–50 ms, and the figures made
// from samples. Pure functions on chosen numbers: no clock is read.
import { describe, expect, it } from 'vitest';
import {
  batchSize,
  calibrate,
  figureOf,
  MAX_ITERATIONS,
  nextIterations,
  parseElapsed,
  quantile,
  SAMPLE_MAX_NS,
  SAMPLE_MIN_NS,
} from '../src/index.js';

describe('nextIterations', () => {
  it('settles on a sample that already takes 20–50 ms', () => {
    expect(nextIterations(500, 20e6)).toEqual({ settled: true, iterations: 500 });
    expect(nextIterations(500, 35e6)).toEqual({ settled: true, iterations: 500 });
    expect(nextIterations(500, 50e6)).toEqual({ settled: true, iterations: 500 });
  });

  it('aims at 30 ms from the time one run took', () => {
    // 1000 runs in 10 ms: 10 µs a run, 3000 runs for 30 ms.
    expect(nextIterations(1000, 10e6)).toEqual({ settled: false, iterations: 3000 });
    // 10 runs in 100 ms: 10 ms a run, 3 runs.
    expect(nextIterations(10, 100e6)).toEqual({ settled: false, iterations: 3 });
  });

  it('grows at most 1000-fold from a measurement under 1 ms (a cold run, the timer grain)', () => {
    expect(nextIterations(1, 50)).toEqual({ settled: false, iterations: 1000 });
    expect(nextIterations(1, 0)).toEqual({ settled: false, iterations: 1000 });
    // 2 ms is trusted: 1 run in 2 ms → 15 runs.
    expect(nextIterations(1, 2e6)).toEqual({ settled: false, iterations: 15 });
  });

  it('settles when one run is longer than a sample, or at the protocol bound', () => {
    expect(nextIterations(1, 2e9)).toEqual({ settled: true, iterations: 1 });
    expect(nextIterations(MAX_ITERATIONS, 1e6)).toEqual({ settled: true, iterations: MAX_ITERATIONS });
    expect(nextIterations(500_000, 1e6)).toEqual({ settled: false, iterations: MAX_ITERATIONS });
  });

  it('refuses counts and times that cannot be', () => {
    expect(() => nextIterations(0, 1)).toThrow(RangeError);
    expect(() => nextIterations(1.5, 1)).toThrow(RangeError);
    expect(() => nextIterations(MAX_ITERATIONS + 1, 1)).toThrow(RangeError);
    expect(() => nextIterations(1, -1)).toThrow(RangeError);
    expect(() => nextIterations(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('calibrate', () => {
  it('converges on a count whose sample is in range, for ops from 20 ns to 2 s a run', async () => {
    for (const perRun of [20, 1_000, 150_000, 7e6, 2e9]) {
      const seen: number[] = [];
      const iterations = await calibrate((n) => {
        seen.push(n);
        return Promise.resolve(n * perRun);
      });
      const sample = iterations * perRun;
      expect(seen[0]).toBe(1);
      if (perRun > SAMPLE_MAX_NS) expect(iterations).toBe(1);
      else expect(sample, `${perRun} ns a run`).toBeGreaterThanOrEqual(SAMPLE_MIN_NS);
      if (perRun <= SAMPLE_MAX_NS) expect(sample).toBeLessThanOrEqual(SAMPLE_MAX_NS);
    }
  });

  it('stops at the protocol bound for an op too fast to fill a sample', async () => {
    expect(await calibrate((n) => Promise.resolve(n * 0.001))).toBe(MAX_ITERATIONS);
  });
});

describe('the harness batch and the bench answer', () => {
  it('sizes a batch to about 30 ms, within 1 and the cap', () => {
    expect(batchSize(10_000)).toBe(3000);
    expect(batchSize(1e9)).toBe(1);
    expect(batchSize(1, 4096)).toBe(4096);
    expect(batchSize(0, 4096)).toBe(4096);
  });

  it('reads elapsed_ns as a decimal string (or a safe integer), and nothing else', () => {
    expect(parseElapsed('123456789012')).toBe(123456789012);
    expect(parseElapsed(42)).toBe(42);
    for (const bad of ['-1', '1.5', '1e9', '', '0x10', -1, 1.5, null, undefined, {}])
      expect(parseElapsed(bad), JSON.stringify(bad)).toBeUndefined();
  });
});

describe('figures', () => {
  it('give the median, quartiles, MB/s (10^6 B/s), ns/byte and the ratio to the limit', () => {
    // 1024 bytes in 2048 ns: 0.5 B/ns = 500 MB/s; against a 1000 MB/s limit, 0.5.
    const f = figureOf([2000, 2048, 2100, 1900, 2048], 5, 1024, 1000);
    expect(f.median_ns).toBe(2048);
    expect(f.p25_ns).toBe(2000);
    expect(f.p75_ns).toBe(2048);
    expect(f.mb_per_s).toBeCloseTo(500, 9);
    expect(f.ns_per_byte).toBeCloseTo(2, 9);
    expect(f.ratio_to_limit).toBeCloseTo(0.5, 9);
    expect(f.samples_ns).toEqual([2000, 2048, 2100, 1900, 2048]);
  });

  it('have no throughput without a size, and no ratio without a limit', () => {
    const f = figureOf([5000], 1, undefined, 1000);
    expect([f.mb_per_s, f.ns_per_byte, f.ratio_to_limit]).toEqual([null, null, null]);
    expect(figureOf([5000], 1, 16, undefined).ratio_to_limit).toBeNull();
  });

  it('interpolate quantiles between order statistics', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([10], 0.75)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

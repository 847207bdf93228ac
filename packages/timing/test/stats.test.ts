// The statistics, on fixed samples: deterministic, no clock involved. The expected values are
// computed by hand in the comments, and agree with SciPy's scipy.stats.ttest_ind(a, b,
// equal_var=False) (SciPy 1.17), an independent implementation of Welch's test.
import { describe, expect, it } from 'vitest';
import {
  cropBelow,
  cropThresholds,
  dudectTests,
  maxTest,
  moments,
  T_THRESHOLD,
  welchT,
} from '../src/stats.js';

describe('moments', () => {
  it('gives the mean and the unbiased (n − 1) sample variance', () => {
    // mean 3; squared deviations 4, 1, 0, 1, 4 sum to 10; 10 / 4 = 2.5
    expect(moments([1, 2, 3, 4, 5])).toEqual({ n: 5, mean: 3, variance: 2.5 });
    expect(moments([7])).toEqual({ n: 1, mean: 7, variance: NaN });
    expect(moments([])).toEqual({ n: 0, mean: NaN, variance: NaN });
  });
});

describe("Welch's t", () => {
  it('equal sizes: a = 1..5, b = 2, 4, …, 10', () => {
    // mean_a = 3, s_a² = 2.5; mean_b = 6, s_b² = 4 · 2.5 = 10 (b = 2a).
    // t = (3 − 6) / sqrt(2.5/5 + 10/5) = −3 / sqrt(2.5) = −1.8973665961010275
    // df = 2.5² / (0.5²/4 + 2²/4) = 6.25 / 1.0625 = 100/17 = 5.882352941176471
    const r = welchT([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(r.t).toBeCloseTo(-3 / Math.sqrt(2.5), 12);
    expect(r.t).toBeCloseTo(-1.8973665961010275, 12);
    expect(r.df).toBeCloseTo(100 / 17, 12);
  });

  it('unequal sizes and variances: a = 19, 22, 16, 29, 24; b = 20, 11, 17, 12', () => {
    // mean_a = 110/5 = 22; deviations −3, 0, −6, 7, 2; squares sum 98; s_a² = 98/4 = 24.5
    // mean_b = 60/4 = 15; deviations 5, −4, 2, −3; squares sum 54; s_b² = 54/3 = 18
    // s_a²/n_a = 4.9, s_b²/n_b = 4.5, sum 9.4
    // t = 7 / sqrt(9.4) = 2.2831482556870477
    // df = 9.4² / (4.9²/4 + 4.5²/3) = 88.36 / (6.0025 + 6.75) = 88.36 / 12.7525 = 6.928837482846501
    const r = welchT([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    expect(r.a).toEqual({ n: 5, mean: 22, variance: 24.5 });
    expect(r.b).toEqual({ n: 4, mean: 15, variance: 18 });
    expect(r.t).toBeCloseTo(2.2831482556870477, 12);
    expect(r.df).toBeCloseTo(6.928837482846501, 10);
  });

  it('is antisymmetric in its arguments and shift-invariant', () => {
    const a = [19, 22, 16, 29, 24];
    const b = [20, 11, 17, 12];
    expect(welchT(b, a).t).toBeCloseTo(-welchT(a, b).t, 12);
    const shift = (xs: number[]) => xs.map((x) => x + 1e6);
    expect(welchT(shift(a), shift(b)).t).toBeCloseTo(welchT(a, b).t, 6);
  });

  it('degenerate samples: zero variances give 0 or ±Infinity; under two samples gives NaN', () => {
    expect(welchT([5, 5, 5], [5, 5]).t).toBe(0);
    expect(welchT([5, 5, 5], [4, 4]).t).toBe(Infinity);
    expect(welchT([4, 4], [5, 5, 5]).t).toBe(-Infinity);
    expect(welchT([1], [1, 2, 3]).t).toBeNaN();
    expect(welchT([], []).t).toBeNaN();
  });
});

describe("dudect's percentile crops", () => {
  const oneTo1000 = Array.from({ length: 1000 }, (_, i) => 1000 - i); // unsorted on purpose

  it('puts 100 thresholds at q_i = 1 − 0.5^(10(i+1)/100), taking sorted[floor(n · q)]', () => {
    const crops = cropThresholds(oneTo1000);
    expect(crops).toHaveLength(100);
    // q_0 = 1 − 0.5^0.1 = 0.06696700846319259: index floor(66.967) = 66, the value 67
    expect(crops[0]!.q).toBeCloseTo(0.06696700846319259, 15);
    expect(crops[0]!.threshold).toBe(67);
    // q_49 = 1 − 0.5^5 = 0.96875: index 968, the value 969
    expect(crops[49]!.q).toBe(0.96875);
    expect(crops[49]!.threshold).toBe(969);
    // q_99 = 1 − 0.5^10 = 0.9990234375: index 999, the largest value
    expect(crops[99]!.q).toBe(0.9990234375);
    expect(crops[99]!.threshold).toBe(1000);
    for (let i = 1; i < crops.length; i++)
      expect(crops[i]!.threshold).toBeGreaterThanOrEqual(crops[i - 1]!.threshold);
    expect(cropThresholds([])).toEqual([]);
  });

  it('keeps the measurements strictly below the threshold', () => {
    expect(cropBelow([5, 1, 9, 3, 7], 7)).toEqual([5, 1, 3]);
  });

  it('finds a small shift that a few huge outliers hide from the uncropped test', () => {
    // b is a shifted by 1 (sd of a ≈ 2.9), and 5 of b's 500 values are a 10 ms stall.
    const a = Array.from({ length: 500 }, (_, i) => 100 + (i % 10));
    const b = Array.from({ length: 500 }, (_, i) => (i % 100 === 50 ? 1e7 : 101 + (i % 10)));
    const tests = dudectTests(a, b);
    expect(tests).toHaveLength(101);
    expect(tests[0]!.q).toBeUndefined();
    // Uncropped: the stalls dominate both the mean difference and the variance, |t| ≈ 2.25.
    expect(Math.abs(tests[0]!.t)).toBeLessThan(T_THRESHOLD);
    // Cropped below the stalls, the shift stands out (t ≈ −5.76, at the crop q ≈ 0.995).
    const best = maxTest(tests, 100)!;
    expect(best.q).toBeDefined();
    expect(best.b.n).toBe(495); // the five stalls cropped away
    expect(Math.abs(best.t)).toBeGreaterThan(T_THRESHOLD);
  });

  it('max_test skips tests with too few samples in either class', () => {
    const tests = dudectTests([1, 2, 3, 4], [5, 6, 7, 8]);
    expect(maxTest(tests, 5)).toBeUndefined();
    expect(maxTest(tests, 2)!.a.n).toBeGreaterThanOrEqual(2);
  });
});

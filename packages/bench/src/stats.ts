// The figures of the record: from per-operation samples (ns) to the median, the quartiles, MB/s,
// ns/byte and the ratio to the machine's sequential AES-NI limit at the same size.

/** One measured figure. Samples are nanoseconds per operation (one message), in the order taken. */
export interface Figure {
  readonly median_ns: number;
  readonly p25_ns: number;
  readonly p75_ns: number;
  readonly samples_ns: readonly number[];
  /** Operations per sample: the bench iterations, the pipelined batch, the baseline's loop. */
  readonly iterations: number;
  /** Decimal megabytes (10^6 B) of the workload's size per second at the median; null without a size. */
  readonly mb_per_s: number | null;
  readonly ns_per_byte: number | null;
  /** mb_per_s ÷ the limit's mb_per_s at the same size; null without a size or a limit. */
  readonly ratio_to_limit: number | null;
}

/** The q-quantile (0..1) of `values` by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** (p75 − p25) / median: the relative spread --compare allows for noise. */
export function relativeIqr(figure: Pick<Figure, 'median_ns' | 'p25_ns' | 'p75_ns'>): number {
  return figure.median_ns > 0 ? (figure.p75_ns - figure.p25_ns) / figure.median_ns : 0;
}

/** MB/s (10^6 bytes a second) of `size` bytes per `ns`: bytes per ns × 1000. */
export const mbPerSecond = (size: number, ns: number): number => (size / ns) * 1000;

/** The figure of `samples` (ns per operation) for a workload of `size` bytes; ratio against `limitMbPerS`. */
export function figureOf(
  samples: readonly number[],
  iterations: number,
  size: number | undefined,
  limitMbPerS: number | undefined,
): Figure {
  const m = median(samples);
  const mb = size === undefined || !(m > 0) ? null : mbPerSecond(size, m);
  return {
    median_ns: m,
    p25_ns: quantile(samples, 0.25),
    p75_ns: quantile(samples, 0.75),
    samples_ns: samples,
    iterations,
    mb_per_s: mb,
    ns_per_byte: size === undefined || size === 0 ? null : m / size,
    ratio_to_limit: mb === null || limitMbPerS === undefined || !(limitMbPerS > 0) ? null : mb / limitMbPerS,
  };
}

/** The same figure measured against another limit (the limit is measured after the implementations' runs). */
export function withLimit<F extends Figure>(figure: F, limitMbPerS: number | undefined): F {
  const ratio =
    figure.mb_per_s === null || limitMbPerS === undefined || !(limitMbPerS > 0)
      ? null
      : figure.mb_per_s / limitMbPerS;
  return { ...figure, ratio_to_limit: ratio };
}

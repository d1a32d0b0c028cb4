// Pure statistics for the benchmark: percentiles, summaries, rates. No I/O, no clock.

/** Summary describes a set of samples (milliseconds, bytes, anything) by count, mean and order statistics. */
export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * percentile is the nearest-rank percentile of ascending `sorted` samples: the smallest sample such that at
 * least p percent of all samples are less than or equal to it. p = 0 gives the minimum, p = 100 the maximum.
 * Nearest rank never interpolates, so every reported figure is a latency that was really observed.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) {
    throw new RangeError('percentile of no samples');
  }
  if (!(p >= 0 && p <= 100)) {
    throw new RangeError(`percentile ${p} is not between 0 and 100`);
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  const value = sorted[Math.max(0, rank - 1)];
  if (value === undefined) {
    throw new RangeError('percentile of no samples');
  }
  return value;
}

/** summarize sorts a copy of the samples and reports count, min, mean, p50, p95, p99 and max. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) {
    throw new RangeError('summary of no samples');
  }
  if (samples.some((sample) => !Number.isFinite(sample))) {
    throw new RangeError('samples must be finite numbers');
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, sample) => sum + sample, 0);
  return {
    count: sorted.length,
    min: percentile(sorted, 0),
    mean: total / sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
  };
}

/** rate is how many things per second `count` things in `milliseconds` are; 0 when no time passed. */
export function rate(count: number, milliseconds: number): number {
  return milliseconds > 0 ? (count * 1000) / milliseconds : 0;
}

/** ratio is a / b, or undefined when b is not a positive number (a ratio to nothing is no figure). */
export function ratio(a: number, b: number): number | undefined {
  return b > 0 && Number.isFinite(a) ? a / b : undefined;
}

/** perUnit is `amount` spread over `units`, e.g. CPU seconds per 1000 objects with units = objects / 1000. */
export function perUnit(amount: number, units: number): number | undefined {
  return units > 0 ? amount / units : undefined;
}

/** span is the earliest and the latest of a set of instants, or undefined when there are none. */
export function span(instants: Iterable<number>): { first: number; last: number } | undefined {
  let first = Infinity;
  let last = -Infinity;
  for (const instant of instants) {
    first = Math.min(first, instant);
    last = Math.max(last, instant);
  }
  return first === Infinity ? undefined : { first, last };
}

/** roundSummary rounds every figure of a summary to `digits` decimals, for reports. */
export function roundSummary(summary: Summary, digits = 1): Summary {
  const round = (value: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
  return {
    count: summary.count,
    min: round(summary.min),
    mean: round(summary.mean),
    p50: round(summary.p50),
    p95: round(summary.p95),
    p99: round(summary.p99),
    max: round(summary.max),
  };
}

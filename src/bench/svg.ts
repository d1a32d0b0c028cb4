// What the benchmark's SVG plots share: escaping, compact coordinates, a palette and axis ticks. Pure.

export const palette = ['#1b7837', '#2166ac', '#67a9cf', '#b2182b', '#ef8a62', '#762a83', '#999999'];

export const escape = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** number renders a coordinate with at most one decimal. */
export const number = (value: number): string => (Math.round(value * 10) / 10).toString();

/** linearTicks are about `count` round values (1, 2 or 5 × a power of ten apart) from 0 up to at least `high`. Pure. */
export function linearTicks(high: number, count = 5): number[] {
  if (!(high > 0) || !Number.isFinite(high)) {
    return [0, 1];
  }
  const rough = high / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const ticks: number[] = [];
  for (let index = 0; (ticks.at(-1) ?? -Infinity) < high; index++) {
    // Multiplying (not adding) keeps 0.1 + 0.2 drift out of the labels.
    ticks.push(Number((index * step).toPrecision(12)));
  }
  return ticks;
}

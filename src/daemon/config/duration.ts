const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** parseDuration reads Go-style durations ("500ms", "10s", "1m30s") into milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') {
    return 0;
  }
  if (/^\d+$/.test(trimmed)) {
    throw new Error(`invalid duration "${text}": add a unit (ms, s, m, h)`);
  }
  let total = 0;
  let rest = trimmed;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) {
      throw new Error(`invalid duration "${text}": expected forms like 500ms, 10s, 2m, 1h30m`);
    }
    const [, amount = '', unit = ''] = match;
    total += Number(amount) * (units[unit] ?? 0);
    rest = rest.slice(match[0].length);
  }
  if (trimmed.length === 0) {
    throw new Error('invalid duration "": empty');
  }
  return total;
}

/** formatDuration writes milliseconds back in the shortest Go-style form, for --help defaults. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) {
    return `${ms / 3_600_000}h`;
  }
  if (ms % 60_000 === 0 && ms > 0) {
    return `${ms / 60_000}m`;
  }
  if (ms % 1000 === 0) {
    return `${ms / 1000}s`;
  }
  return `${ms}ms`;
}

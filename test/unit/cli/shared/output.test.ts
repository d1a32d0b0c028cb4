import { describe, expect, it } from '@jest/globals';
import { age, commaList, durationArgument, formatValue, Progress, renderTable, yamlStream } from '../../../../src/cli/shared/output.js';

describe('renderTable', () => {
  it('aligns columns three spaces apart, as kubectl does', () => {
    expect(renderTable(['NAME', 'READY'], [['gcek8s', 'True'], ['a', 'False']])).toBe('NAME     READY\ngcek8s   True\na        False\n');
  });

  it('styles cells without changing the widths', () => {
    const painted = renderTable(['A', 'B'], [[{ text: 'x', style: 'red' }, 'y']], (style, text) => (style ? `<${text}>` : text));
    // The painter's marks are invisible escape codes in a terminal: the columns stay where the text puts them.
    expect(painted).toBe('A   B\n<x>   y\n');
  });
});

describe('age', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it.each([
    ['2026-06-01T11:59:15Z', '45s'],
    ['2026-06-01T11:48:00Z', '12m'],
    ['2026-06-01T09:00:00Z', '3h'],
    ['2026-06-01T00:00:00Z', '12h'],
    ['2026-05-25T12:00:00Z', '7d'],
    ['2026-06-01T12:00:10Z', '0s'],
    [undefined, '<unknown>'],
    ['yesterday', '<invalid>'],
  ])('%s is %s', (timestamp, expected) => {
    expect(age(timestamp, now)).toBe(expected);
  });
});

describe('flag values', () => {
  it.each([
    ['30s', 30_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['0', 0],
  ])('duration %s', (text, ms) => {
    expect(durationArgument(text)).toBe(ms);
  });

  it.each(['', '10', 'soon', '5d'])('rejects duration %j', (text) => {
    expect(() => durationArgument(text)).toThrow();
  });

  it('splits comma lists', () => {
    expect(commaList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
  });
});

describe('structured output', () => {
  it('prints YAML streams and JSON', () => {
    expect(yamlStream([{ a: 1 }, { b: 'yes' }])).toBe("---\na: 1\n---\nb: 'yes'\n");
    expect(formatValue('json', { a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(formatValue('yaml', { a: [1] })).toBe('a:\n  - 1\n');
  });
});

describe('Progress', () => {
  it('prints a subject again only when its text changes', () => {
    const lines: string[] = [];
    const progress = new Progress((line) => lines.push(line));
    progress.update('a', 'a: 0/1');
    progress.update('b', 'b: 0/1');
    progress.update('a', 'a: 0/1');
    progress.update('a', 'a: 1/1');
    expect(lines).toEqual(['a: 0/1', 'b: 0/1', 'a: 1/1']);
  });
});

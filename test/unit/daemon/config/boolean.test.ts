import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseBoolean } from '../../../../src/daemon/config/boolean.js';

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads %j as %s', (text, expected) => {
    expect(parseBoolean(text)).toBe(expected);
  });

  it.each(['', 'off', 'on', 'no', 'yes', 'True', 'FALSE', 't', 'f', ' 1', '0 ', '01', '2', '-1', 'null', 'undefined', 'constructor', '__proto__', 'toString'])(
    'refuses %j with a message that says what is accepted',
    (text) => {
      expect(() => parseBoolean(text)).toThrow(`${JSON.stringify(text)} is not a boolean: use true, false, 1 or 0.`);
    },
  );

  it('refuses every other string', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!['true', '1', 'false', '0'].includes(text));
        expect(() => parseBoolean(text)).toThrow('is not a boolean');
      }),
    );
  });
});

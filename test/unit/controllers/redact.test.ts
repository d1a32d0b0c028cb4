import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { redact } from '../../../src/controllers/redact.js';

describe('redact', () => {
  it.each<[string, string, string[], string]>([
    ['every occurrence', 'pw=hunter22 again hunter22', ['hunter22'], 'pw=[redacted] again [redacted]'],
    ['several values', 'a=alpha1 b=beta22', ['alpha1', 'beta22'], 'a=[redacted] b=[redacted]'],
    ['the longer of overlapping values whole', 'token=abcd1234', ['abcd', 'abcd1234'], 'token=[redacted]'],
    ['nothing when no value occurs', 'all clear', ['hunter22'], 'all clear'],
    ['nothing without values', 'all clear', [], 'all clear'],
    ['no values shorter than four characters (too common)', 'a=1 yes', ['1', 'yes'], 'a=1 yes'],
  ])('replaces %s', (_name, text, sensitive, expected) => {
    expect(redact(text, sensitive)).toBe(expected);
  });

  it('leaves no sensitive value of four or more characters in the text', () => {
    const secret = fc.string({ unit: fc.constantFrom('0', '1', '2', 'X', 'Y', 'Z'), minLength: 4, maxLength: 8 });
    const text = fc.array(fc.oneof(secret, fc.string({ maxLength: 5 })), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(secret, { maxLength: 4 }), (message, sensitive) => {
        const result = redact(message, sensitive);
        for (const value of sensitive) {
          expect(result).not.toContain(value);
        }
      }),
    );
  });
});

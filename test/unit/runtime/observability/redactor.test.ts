import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Redactor, secretDataValues } from '../../../../src/runtime/observability/redactor.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function redactorOf(values: string[], now = () => 0): Redactor {
  const redactor = new Redactor(now);
  redactor.set('secret/shop/db', values);
  return redactor;
}

describe('Redactor.redact', () => {
  it.each<[string, string, string[], string]>([
    ['every occurrence', 'pw=hunter22 again hunter22', ['hunter22'], 'pw=[redacted] again [redacted]'],
    ['several values', 'a=alpha1 b=beta22', ['alpha1', 'beta22'], 'a=[redacted] b=[redacted]'],
    ['the longer of overlapping values whole', 'token=abcd1234', ['abcd', 'abcd1234'], 'token=[redacted]'],
    ['a value at the very start and end', 'hunter22 hunter22', ['hunter22'], '[redacted] [redacted]'],
    ['values sharing a prefix', 'x=abcdXYZ y=abcdQ', ['abcdXYZ', 'abcdQ'], 'x=[redacted] y=[redacted]'],
    ['nothing when no value occurs', 'all clear', ['hunter22'], 'all clear'],
    ['nothing without values', 'all clear', [], 'all clear'],
    ['no values shorter than four characters (too common)', 'a=1 yes', ['1', 'yes'], 'a=1 yes'],
  ])('replaces %s', (_name, text, sensitive, expected) => {
    expect(redactorOf(sensitive).redact(text)).toBe(expected);
  });

  it('leaves no known value of four or more characters in the text', () => {
    const secret = fc.string({ unit: fc.constantFrom('0', '1', '2', 'X', 'Y', 'Z'), minLength: 4, maxLength: 8 });
    const text = fc.array(fc.oneof(secret, fc.string({ maxLength: 5 })), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(secret, { maxLength: 4 }), (message, sensitive) => {
        const result = redactorOf(sensitive).redact(message);
        for (const value of sensitive) {
          expect(result).not.toContain(value);
        }
      }),
    );
  });

  it('changes nothing in a text that holds no known value', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':') }), (message) => {
        expect(redactorOf(['XYZ0123', 'secret-value']).redact(message)).toBe(message);
      }),
    );
  });
});

describe('Redactor owners', () => {
  it('replaces what an owner holds, keeping the old values known for ten minutes', () => {
    let now = 0;
    const redactor = redactorOf(['first-value'], () => now);
    redactor.set('secret/shop/db', ['second-value']);
    expect(redactor.redact('first-value second-value')).toBe('[redacted] [redacted]');
    now = 10 * 60_000;
    redactor.set('secret/shop/other', ['third-value']);
    expect(redactor.redact('first-value second-value third-value')).toBe('first-value [redacted] [redacted]');
  });

  it('forgets a deleted owner only after the retention, and keeps a value another owner still holds', () => {
    let now = 0;
    const redactor = redactorOf(['shared-value', 'own-value'], () => now);
    redactor.set('secret/shop/copy', ['shared-value']);
    redactor.delete('secret/shop/db');
    expect(redactor.redact('shared-value own-value')).toBe('[redacted] [redacted]');
    now = 11 * 60_000;
    redactor.delete('secret/shop/unknown');
    redactor.set('secret/shop/later', []);
    expect(redactor.redact('shared-value own-value')).toBe('[redacted] own-value');
  });

  it('does not pile up retired copies when an owner is set again with the same values', () => {
    let now = 0;
    const redactor = redactorOf(['steady-value'], () => now);
    for (let round = 0; round < 5; round += 1) {
      redactor.set('secret/shop/db', ['steady-value']);
    }
    redactor.delete('secret/shop/db');
    now = 11 * 60_000;
    redactor.set('secret/shop/later', []);
    expect(redactor.redact('steady-value')).toBe('steady-value');
  });
});

describe('Redactor.redactValue and conditions', () => {
  it('redacts strings inside arrays and objects, and an Error by its message', () => {
    const redactor = redactorOf(['hunter22']);
    expect(redactor.redactValue({ patch: { data: { pw: 'hunter22' } }, list: ['x hunter22'], count: 3, error: new Error('bad hunter22') })).toEqual({
      patch: { data: { pw: '[redacted]' } },
      list: ['x [redacted]'],
      count: 3,
      error: 'bad [redacted]',
    });
  });

  it('redacts condition messages and leaves the rest of each condition', () => {
    const redactor = redactorOf(['hunter22']);
    expect(redactor.conditions([{ type: 'Ready', status: 'False', reason: 'X', message: 'quoted hunter22' }, { type: 'Offline', status: 'False' }])).toEqual([
      { type: 'Ready', status: 'False', reason: 'X', message: 'quoted [redacted]' },
      { type: 'Offline', status: 'False' },
    ]);
  });
});

describe('secretDataValues', () => {
  it('lists each value as stored, decoded, and each long line of a multi-line value', () => {
    const pem = '-----BEGIN KEY-----\nMIIEvQIBADANBgkq\nabc\n-----END KEY-----\n';
    expect(secretDataValues({ password: b64('hunter22'), key: b64(pem) })).toEqual([
      b64('hunter22'),
      'hunter22',
      b64(pem),
      pem,
      '-----BEGIN KEY-----',
      'MIIEvQIBADANBgkq',
      '-----END KEY-----',
    ]);
  });

  it('lists nothing for a Secret without data', () => {
    expect(secretDataValues(undefined)).toEqual([]);
  });
});

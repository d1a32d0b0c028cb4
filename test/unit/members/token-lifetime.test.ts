import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { renewalStep } from '../../../src/controllers/token-renewer.js';
import { minimumTokenSeconds, renewAt, requestedSeconds, tokenAnnotations, tokenLifetime } from '../../../src/members/token-lifetime.js';
import { tokenExpiresAnnotation, tokenIssuedAnnotation, tokenServiceAccountAnnotation } from '../../../src/core/well-known.js';

const hour = 3_600_000;
const issuedAt = Date.parse('2026-01-01T00:00:00Z');
const year = { serviceAccount: 'kubefed-master-control', issuedAt, expiresAt: issuedAt + 365 * 24 * hour };
const secret = (annotations?: Record<string, string>) => ({ metadata: { name: 'gcek8s-kubefed', ...(annotations ? { annotations } : {}) } });

describe('tokenLifetime', () => {
  it('reads back what tokenAnnotations wrote', () => {
    expect(tokenLifetime(tokenAnnotations(year))).toEqual({ lifetime: year });
  });

  it('knows a token that does not expire (the token controller’s) by its missing annotations', () => {
    expect(tokenLifetime(undefined)).toEqual({});
    expect(tokenLifetime({ other: 'x' })).toEqual({});
  });

  it.each([
    ['no ServiceAccount', { [tokenIssuedAnnotation]: '2026-01-01T00:00:00Z', [tokenExpiresAnnotation]: '2027-01-01T00:00:00Z' }, /is not a ServiceAccount name/],
    ['a ServiceAccount name that is no name', { [tokenServiceAccountAnnotation]: '../x', [tokenIssuedAnnotation]: '2026-01-01T00:00:00Z', [tokenExpiresAnnotation]: '2027-01-01T00:00:00Z' }, /is not a ServiceAccount name/],
    ['a date that is no date', { [tokenServiceAccountAnnotation]: 'kubefed-x', [tokenIssuedAnnotation]: 'soon', [tokenExpiresAnnotation]: '2027-01-01T00:00:00Z' }, /are not two timestamps/],
    ['an expiry before the issue', { [tokenServiceAccountAnnotation]: 'kubefed-x', [tokenIssuedAnnotation]: '2027-01-01T00:00:00Z', [tokenExpiresAnnotation]: '2026-01-01T00:00:00Z' }, /the first before the second/],
  ])('reports %s as a problem, quoting no value', (_case, annotations, problem) => {
    const { lifetime, problem: found } = tokenLifetime(annotations);
    expect(lifetime).toBeUndefined();
    expect(found).toMatch(problem);
    expect(found).not.toContain('soon');
  });
});

describe('renewAt and requestedSeconds', () => {
  it('renews once 80% of the lifetime has passed, asking for the same lifetime again', () => {
    expect(renewAt(year)).toBe(issuedAt + 0.8 * 365 * 24 * hour);
    expect(requestedSeconds(year)).toBe(365 * 24 * 3600);
  });

  it('always renews before expiry and never asks for less than TokenRequest allows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 36 }), (start, length) => {
        const lifetime = { serviceAccount: 'a', issuedAt: start, expiresAt: start + length };
        expect(renewAt(lifetime)).toBeGreaterThanOrEqual(start);
        expect(renewAt(lifetime)).toBeLessThan(lifetime.expiresAt);
        expect(requestedSeconds(lifetime)).toBeGreaterThanOrEqual(minimumTokenSeconds);
      }),
    );
  });
});

describe('renewalStep', () => {
  const annotated = secret(tokenAnnotations(year));
  const due = renewAt(year);
  it.each([
    ['a token that does not expire', secret(), due, undefined, { kind: 'none' }],
    ['no Secret', undefined, due, undefined, { kind: 'none' }],
    ['a token not yet due', annotated, due - 1, undefined, { kind: 'none' }],
    ['a token due', annotated, due, undefined, { kind: 'renew', lifetime: year }],
    ['a token past expiry', annotated, year.expiresAt + hour, undefined, { kind: 'renew', lifetime: year }],
    ['a renewal that failed a moment ago', annotated, due + 1000, due, { kind: 'none' }],
    ['a renewal that failed a minute ago', annotated, due + 60_000, due, { kind: 'renew', lifetime: year }],
    ['unusable annotations', secret({ [tokenServiceAccountAnnotation]: 'x' }), due, undefined, { kind: 'problem', message: expect.stringMatching(/timestamps/) }],
  ])('%s', (_case, credentials, now, failedAt, expected) => {
    expect(renewalStep(credentials, now, failedAt, 60_000)).toEqual(expected);
  });
});

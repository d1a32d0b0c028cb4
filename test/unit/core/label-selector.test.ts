import { describe, expect, it } from '@jest/globals';
import { type LabelSelector, selectorQuery } from '../../../src/core/label-selector.js';

describe('selectorQuery', () => {
  it.each<[string, LabelSelector | undefined, string]>([
    ['no selector', undefined, ''],
    ['an empty selector', {}, ''],
    ['matchLabels, sorted by key', { matchLabels: { tier: 'web', app: 'shop' } }, 'app=shop,tier=web'],
    ['In with sorted values', { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] }, 'env in (dev,prod)'],
    ['NotIn', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['test'] }] }, 'env notin (test)'],
    ['Exists', { matchExpressions: [{ key: 'canary', operator: 'Exists' }] }, 'canary'],
    ['DoesNotExist', { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, '!canary'],
    [
      'labels first, then expressions in order',
      { matchLabels: { app: 'shop' }, matchExpressions: [{ key: 'b', operator: 'Exists' }, { key: 'a', operator: 'DoesNotExist' }] },
      'app=shop,b,!a',
    ],
  ])('renders %s', (_name, selector, expected) => {
    expect(selectorQuery(selector)).toBe(expected);
  });

  it('does not reorder the values of the selector it was given', () => {
    const values = ['b', 'a'];
    selectorQuery({ matchExpressions: [{ key: 'k', operator: 'In', values }] });
    expect(values).toEqual(['b', 'a']);
  });
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  type ClusterRequirement,
  matchesClusterSelector,
  parseClusterSelector,
  SelectorError,
  type SelectorOperator,
} from '../../../src/scheduling/cluster-selector.js';

const requirement = (key: string, operator: string, values?: unknown): string =>
  JSON.stringify([values === undefined ? { key, operator } : { key, operator, values }]);

describe('parseClusterSelector', () => {
  it('treats a missing annotation as no requirement at all', () => {
    expect(parseClusterSelector(undefined)).toEqual([]);
    expect(parseClusterSelector('[]')).toEqual([]);
  });

  it.each<[string, SelectorOperator, string[]]>([
    ['!', 'DoesNotExist', []],
    ['DoesNotExist', 'DoesNotExist', []],
    ['=', 'Equals', ['a']],
    ['==', 'DoubleEquals', ['a']],
    ['in', 'In', ['a', 'b']],
    ['In', 'In', ['a']],
    ['!=', 'NotEquals', ['a']],
    ['notin', 'NotIn', ['a']],
    ['NotIn', 'NotIn', ['a', 'b']],
    ['exists', 'Exists', []],
    ['Exists', 'Exists', []],
    ['gt', 'GreaterThan', ['1']],
    ['Gt', 'GreaterThan', ['1']],
    ['>', 'GreaterThan', ['1']],
    ['lt', 'LessThan', ['1']],
    ['Lt', 'LessThan', ['9223372036854775807']],
    ['<', 'LessThan', ['0']],
  ])('accepts operator %j as %s', (spelling, operator, values) => {
    expect(parseClusterSelector(requirement('zone', spelling, values))).toEqual([{ key: 'zone', operator, values }]);
  });

  it('reads field names case-insensitively, as Go decoded them', () => {
    expect(parseClusterSelector('[{"Key":"pci","OPERATOR":"In","Values":["true"]}]')).toEqual([
      { key: 'pci', operator: 'In', values: ['true'] },
    ]);
  });

  it('parses the documented example', () => {
    const annotation =
      '[{"key":"pci","operator":"In","values":["true"]},{"key":"environment","operator":"NotIn","values":["test"]}]';
    expect(parseClusterSelector(annotation)).toEqual([
      { key: 'pci', operator: 'In', values: ['true'] },
      { key: 'environment', operator: 'NotIn', values: ['test'] },
    ]);
  });

  it.each([
    ['[{"not able to parse",}]', 'cluster-selector: invalid JSON: '],
    ['{"key":"a","operator":"In","values":["b"]}', 'cluster-selector: must be a JSON array of requirements'],
    ['null', 'cluster-selector: must be a JSON array of requirements, got null'],
    ['[1]', 'cluster-selector: requirement 1: must be an object'],
    ['[{"key":"a","operator":"exists"},null]', 'cluster-selector: requirement 2: must be an object'],
    [requirement('a', 'Foo', ['b']), 'cluster-selector: requirement 1: operator "Foo" is not one of !, DoesNotExist, =, ==, in'],
    [requirement('a', 'IN', ['b']), 'operator "IN" is not one of'],
    [requirement('a', 'GreaterThan', ['1']), 'operator "GreaterThan" is not one of'],
    ['[{"key":"a"}]', 'operator "" is not one of'],
    [requirement('', 'exists'), 'key "" is not a valid label key: name part must be non-empty'],
    [requirement('a b', 'exists'), 'key "a b" is not a valid label key: name part must be alphanumerics'],
    [requirement('-a', 'exists'), 'name part must be alphanumerics'],
    [requirement('x'.repeat(64), 'exists'), 'name part must be no more than 63 characters'],
    [requirement('a/b/c', 'exists'), 'at most one "/"'],
    [requirement('/b', 'exists'), 'prefix part must be non-empty'],
    [requirement('Example.com/b', 'exists'), 'prefix part must be a lowercase RFC 1123 subdomain'],
    [requirement(`${'a'.repeat(254)}/b`, 'exists'), 'prefix part must be no more than 253 characters'],
    [requirement('a', 'in', []), 'operator "in" needs at least one value'],
    [requirement('a', 'notin'), 'operator "notin" needs at least one value'],
    [requirement('a', '=', ['x', 'y']), 'operator "=" needs exactly one value, got 2'],
    [requirement('a', '!=', []), 'operator "!=" needs exactly one value, got 0'],
    [requirement('a', 'exists', ['x']), 'operator "exists" takes no values, got 1'],
    [requirement('a', '!', ['x']), 'operator "!" takes no values, got 1'],
    [requirement('a', 'gt', ['1', '2']), 'operator "gt" needs exactly one value, got 2'],
    [requirement('a', 'lt', ['1.5']), 'operator "lt" needs an int64 value, got "1.5"'],
    [requirement('a', 'gt', ['9223372036854775808']), 'needs an int64 value'],
    [requirement('a', 'gt', ['-5']), 'value "-5" is not a valid label value'],
    [requirement('a', 'in', ['ok', 'not ok']), 'value "not ok" is not a valid label value'],
    [requirement('a', 'in', ['x'.repeat(64)]), 'must be no more than 63 characters'],
    [requirement('a', 'in', [1]), 'values must be an array of strings, got [1]'],
    [requirement('a', 'in', 'b'), 'values must be an array of strings, got "b"'],
    ['[{"key":1,"operator":"exists"}]', 'key must be a string, got 1'],
    ['[{"key":"a","operator":true}]', 'operator must be a string, got true'],
  ])('rejects %s', (annotation, message) => {
    expect(() => parseClusterSelector(annotation)).toThrow(SelectorError);
    expect(() => parseClusterSelector(annotation)).toThrow(message);
  });

  it('accepts prefixed keys and empty label values, as Kubernetes does', () => {
    expect(parseClusterSelector(requirement('example.com/tier', 'in', ['']))).toEqual([
      { key: 'example.com/tier', operator: 'In', values: [''] },
    ]);
  });

  it('treats null values as no values, as Go did', () => {
    expect(parseClusterSelector('[{"key":"a","operator":"exists","values":null}]')).toEqual([
      { key: 'a', operator: 'Exists', values: [] },
    ]);
  });

  it('never throws anything but SelectorError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (annotation) => {
        try {
          parseClusterSelector(annotation);
        } catch (error) {
          expect(error).toBeInstanceOf(SelectorError);
        }
      }),
    );
  });
});

describe('matchesClusterSelector', () => {
  const labels = { location: 'europe', environment: 'prod', version: '15', broken: 'x1' };
  const req = (key: string, operator: SelectorOperator, ...values: string[]): ClusterRequirement => ({
    key,
    operator,
    values,
  });

  it.each<[string, ClusterRequirement, boolean]>([
    ['In with the value', req('location', 'In', 'asia', 'europe'), true],
    ['In without the value', req('location', 'In', 'asia'), false],
    ['In on an absent label', req('pci', 'In', 'true'), false],
    ['Equals', req('environment', 'Equals', 'prod'), true],
    ['DoubleEquals mismatch', req('environment', 'DoubleEquals', 'test'), false],
    ['NotIn on an absent label', req('pci', 'NotIn', 'true'), true],
    ['NotIn with the value', req('location', 'NotIn', 'europe'), false],
    ['NotIn without the value', req('location', 'NotIn', 'usa'), true],
    ['NotEquals', req('location', 'NotEquals', 'usa'), true],
    ['NotEquals on an absent label', req('pci', 'NotEquals', 'true'), true],
    ['Exists', req('version', 'Exists'), true],
    ['Exists on an absent label', req('pci', 'Exists'), false],
    ['DoesNotExist', req('pci', 'DoesNotExist'), true],
    ['DoesNotExist on a present label', req('version', 'DoesNotExist'), false],
    ['GreaterThan', req('version', 'GreaterThan', '14'), true],
    ['GreaterThan equal', req('version', 'GreaterThan', '15'), false],
    ['LessThan', req('version', 'LessThan', '16'), true],
    ['LessThan equal', req('version', 'LessThan', '15'), false],
    ['GreaterThan on an absent label', req('pci', 'GreaterThan', '0'), false],
    ['GreaterThan on a non-integer label', req('broken', 'GreaterThan', '0'), false],
    ['LessThan on a non-integer label', req('broken', 'LessThan', '100'), false],
    ['a label inherited from Object.prototype does not exist', req('constructor', 'Exists'), false],
  ])('%s', (_name, requirement, expected) => {
    expect(matchesClusterSelector([requirement], labels)).toBe(expected);
  });

  it('compares int64 exactly, beyond double precision', () => {
    const big = { n: '9007199254740993' };
    expect(matchesClusterSelector([req('n', 'GreaterThan', '9007199254740992')], big)).toBe(true);
  });

  it.each([
    // The v1 clusterselector_test.go cases, against labels {location: europe, environment: prod, version: 15}.
    ['[{"key": "location", "operator": "in", "values": ["europe"]}]', true],
    ['[{"key": "location", "operator": "in", "values": ["europe"]}, {"key": "environment", "operator": "==", "values": ["prod"]}]', true],
    ['[{"key": "location", "operator": "in", "values": ["europe"]}, {"key": "environment", "operator": "==", "values": ["test"]}]', false],
    ['[{"key": "location", "operator": "!=", "values": ["usa"]}, {"key": "environment", "operator": "in", "values": ["prod"]}]', true],
    ['[{"key": "version", "operator": ">", "values": ["14"]}]', true],
    ['[{"key": "version", "operator": ">", "values": ["15"]}]', false],
  ])('v1 case %s → %s', (annotation, expected) => {
    expect(matchesClusterSelector(parseClusterSelector(annotation), labels)).toBe(expected);
  });

  it('matches everything with no requirements, and treats missing labels as none', () => {
    expect(matchesClusterSelector([], undefined)).toBe(true);
    expect(matchesClusterSelector([req('pci', 'DoesNotExist')], undefined)).toBe(true);
    expect(matchesClusterSelector([req('pci', 'Exists')], undefined)).toBe(false);
  });

  it('ANDs requirements', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c');
    const requirementArb = fc.record({
      key: alphabet,
      operator: fc.constantFrom<SelectorOperator>('In', 'NotIn', 'Exists', 'DoesNotExist'),
      values: fc.array(alphabet, { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(requirementArb, { maxLength: 4 }), fc.dictionary(alphabet, alphabet), (reqs, set) => {
        const all = matchesClusterSelector(reqs, set);
        expect(all).toBe(reqs.every((r) => matchesClusterSelector([r], set)));
      }),
    );
  });
});

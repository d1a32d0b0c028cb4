import { describe, expect, it } from '@jest/globals';
import { parseOverrides } from '../../../../src/core/overrides/codec.js';
import { OverridesError } from '../../../../src/core/overrides/rules.js';
import { managedByLabel } from '../../../../src/core/well-known.js';

const replicas = [['spec', 'replicas']] as const;

describe('parseOverrides', () => {
  it('reads no annotation as no rules', () => {
    expect(parseOverrides(undefined)).toEqual([]);
  });

  it('reads every kind of change, with defaults for what a rule leaves out', () => {
    const text = JSON.stringify([
      {
        clusters: ['awsk8s'],
        clusterSelector: [{ key: 'region', operator: 'in', values: ['eu'] }],
        image: [{ container: 'web', registry: 'mirror.example', tag: '2' }],
        env: [{ add: { MODE: 'eu' } }],
        args: [{ container: 'web', remove: ['--debug'], add: ['--quiet'] }],
        labels: { add: { tier: 'gold' }, remove: ['old'] },
        annotations: { replace: { note: 'x' } },
        podLabels: { add: { zone: 'eu' } },
        patches: [{ op: 'replace', path: '/spec/paused', value: true }, { op: 'remove', path: '/spec/strategy' }],
      },
    ]);
    expect(parseOverrides(text)).toEqual([
      {
        index: 0,
        clusters: ['awsk8s'],
        clusterSelector: [{ key: 'region', operator: 'In', values: ['eu'] }],
        image: [{ container: 'web', registry: 'mirror.example', tag: '2' }],
        env: [{ add: { MODE: 'eu' }, replace: {}, remove: [] }],
        args: [{ container: 'web', add: ['--quiet'], remove: ['--debug'] }],
        labels: { add: { tier: 'gold' }, replace: {}, remove: ['old'] },
        annotations: { add: {}, replace: { note: 'x' }, remove: [] },
        podLabels: { add: { zone: 'eu' }, replace: {}, remove: [] },
        patches: [
          { op: 'replace', path: ['spec', 'paused'], value: true },
          { op: 'remove', path: ['spec', 'strategy'] },
        ],
      },
    ]);
  });

  it.each([
    ['bad JSON', '[{', 'federation.kubefed.dev/overrides: invalid JSON'],
    ['an object instead of a list', '{}', 'must be a JSON list of rules, got {}'],
    ['a rule without targets', '[{"labels":{"add":{"a":"b"}}}]', 'overrides[0]: names no clusters'],
    ['a rule without changes', '[{"clusters":["a"]}]', 'overrides[0]: changes nothing'],
    ['an unknown field', '[{"clusters":["a"],"lables":{}}]', 'overrides[0]: unknown field "lables"'],
    ['clusters that are not strings', '[{"clusters":[1],"labels":{"add":{"a":"b"}}}]', 'overrides[0].clusters[0]: must be a string'],
    ['a bad selector', '[{"clusterSelector":[{"key":"a","operator":"near","values":[]}],"labels":{"add":{"a":"b"}}}]', 'overrides[0].clusterSelector: requirement 1'],
    ['an empty image change', '[{"clusters":[],"image":[{"container":"web"}]}]', 'overrides[0].image[0]: sets nothing'],
    ['a bad tag', '[{"clusters":[],"image":[{"tag":"-x"}]}]', 'overrides[0].image[0].tag: "-x" must be 1 to 128'],
    ['a bad registry', '[{"clusters":[],"image":[{"registry":"no_host"}]}]', 'overrides[0].image[0].registry: "no_host" must be a host name'],
    ['a bad label value', '[{"clusters":[],"labels":{"add":{"a":"not ok"}}}]', 'overrides[0].labels.add.a: "not ok" is not a valid label value'],
    ['a key both added and removed', '[{"clusters":[],"labels":{"add":{"a":"b"},"remove":["a"]}}]', 'overrides[0].labels: key "a" is in both add and remove'],
    ['kubefed\'s identity label', `[{"clusters":[],"labels":{"remove":["${managedByLabel}"]}}]`, `overrides[0].labels: label ${managedByLabel} is kubefed's identity label`],
    ['a kubefed annotation', '[{"clusters":[],"annotations":{"add":{"federation.kubefed.dev/x":"1"}}}]', "overrides[0].annotations: annotation federation.kubefed.dev/x is kubefed's own"],
    ['args replace with add', '[{"clusters":[],"args":[{"replace":["a"],"add":["b"]}]}]', 'overrides[0].args[0]: replace sets the whole list'],
    ['an env name with "="', '[{"clusters":[],"env":[{"add":{"A=B":"c"}}]}]', 'overrides[0].env[0].add: key "A=B" must be a non-empty name'],
    ['an unknown patch op', '[{"clusters":[],"patches":[{"op":"move","path":"/spec"}]}]', 'overrides[0].patches[0].op: "move" is not one of add, replace, remove'],
    ['a path that is no pointer', '[{"clusters":[],"patches":[{"op":"remove","path":"spec"}]}]', 'overrides[0].patches[0].path: "spec" is not a JSON Pointer'],
    ['add without a value', '[{"clusters":[],"patches":[{"op":"add","path":"/spec/x"}]}]', 'overrides[0].patches[0].value: add needs a value'],
    ['remove with a value', '[{"clusters":[],"patches":[{"op":"remove","path":"/spec/x","value":1}]}]', 'overrides[0].patches[0].value: remove takes no value'],
    ['the object\'s name', '[{"clusters":[],"patches":[{"op":"replace","path":"/metadata/name","value":"x"}]}]', 'only /metadata/labels/<key> and /metadata/annotations/<key>'],
    ['status', '[{"clusters":[],"patches":[{"op":"add","path":"/status/x","value":1}]}]', 'status is never sent to members'],
    ['the kind', '[{"clusters":[],"patches":[{"op":"replace","path":"/kind","value":"Pod"}]}]', "kind is the object's type"],
    ['a computed field', '[{"clusters":[],"patches":[{"op":"replace","path":"/spec/replicas","value":9}]}]', '/spec/replicas is computed by kubefed for each member'],
    ['a parent of a computed field', '[{"clusters":[],"patches":[{"op":"replace","path":"/spec","value":{}}]}]', '/spec/replicas is computed by kubefed for each member'],
    ['a second rule after a good one', '[{"clusters":[],"labels":{"add":{"a":"b"}}},{"clusters":"a","labels":{"add":{"a":"b"}}}]', 'overrides[1].clusters: must be a list'],
  ])('refuses %s with a message naming the rule and field', (_name, text, message) => {
    expect(() => parseOverrides(text, replicas)).toThrow(OverridesError);
    expect(() => parseOverrides(text, replicas)).toThrow(message);
  });

  it('lets a kind without computed fields patch spec.replicas', () => {
    const rules = parseOverrides('[{"clusters":["a"],"patches":[{"op":"replace","path":"/spec/replicas","value":2}]}]');
    expect(rules[0]?.patches).toEqual([{ op: 'replace', path: ['spec', 'replicas'], value: 2 }]);
  });
});

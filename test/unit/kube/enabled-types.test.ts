import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { enabledTypesObject, readEnabledTypes, typeName } from '../../../src/kube/enabled-types.js';
import type { ResourceType } from '../../../src/kube/resources.js';

const widgets: ResourceType = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true };
const priorityClasses: ResourceType = { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false };
const object = (types: unknown) => ({ metadata: { name: 'enabled' }, spec: { types } });
/** entry is one type as the object lists it. */
const entry = (type: ResourceType) => (enabledTypesObject([type]).spec as { types: unknown[] }).types[0];

describe('readEnabledTypes', () => {
  it('reads what enabledTypesObject writes, sorted by name', () => {
    expect(enabledTypesObject([widgets, priorityClasses])).toEqual({
      apiVersion: 'federation.kubefed.dev/v1beta1',
      kind: 'FederatedTypes',
      metadata: { name: 'enabled' },
      spec: {
        types: [
          { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', scope: 'Cluster' },
          { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', scope: 'Namespaced' },
        ],
      },
    });
    expect(readEnabledTypes(enabledTypesObject([widgets, priorityClasses]))).toEqual({ types: [priorityClasses, widgets], problems: [] });
  });

  it.each([
    ['no object', undefined, { types: [], problems: [] }],
    ['no list', { metadata: {}, spec: {} }, { types: [], problems: [] }],
    ['a list that is not one', object('widgets'), { types: [], problems: ['spec.types is not a list'] }],
    ['an entry that is not an object', object([1]), { types: [], problems: ['spec.types[0]: must be an object'] }],
    ['a bad group', object([{ group: 'Ex_ample', version: 'v1', kind: 'W', plural: 'w', scope: 'Cluster' }]), { types: [], problems: ['spec.types[0]: group must be "" or a DNS subdomain'] }],
    ['a bad scope, next to a good entry', object([{ group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', scope: 'Global' }, entry(widgets)]), { types: [widgets], problems: ['spec.types[0]: scope must be Namespaced or Cluster'] }],
    ['a path in a plural', object([{ group: '', version: 'v1', kind: 'Secret', plural: '../secrets', scope: 'Namespaced' }]), { types: [], problems: ['spec.types[0]: plural must be a lower-case DNS label'] }],
  ])('%s', (_name, input, expected) => {
    expect(readEnabledTypes(input as never)).toEqual(expected);
  });

  it('counts a type listed twice once, whatever else the list holds', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(widgets, priorityClasses), { maxLength: 6 }), (types) => {
        const read = readEnabledTypes(object(types.map(entry))).types;
        expect(read.map(typeName).sort()).toEqual([...new Set(types.map(typeName))].sort());
      }),
    );
  });
});

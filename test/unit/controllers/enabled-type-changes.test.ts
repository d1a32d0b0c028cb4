import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { enabledTypeChanges } from '../../../src/controllers/enabled-type-changes.js';
import type { ResourceType } from '../../../src/kube/resources.js';

const widgets: ResourceType = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true };
const widgetsV2: ResourceType = { ...widgets, version: 'v2' };
const serviceAccounts: ResourceType = { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true };
const budgets: ResourceType = { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true };

describe('enabledTypeChanges', () => {
  it.each([
    ['nothing runs, nothing enabled', [], [], { stop: [], start: [] }],
    ['a type enabled starts', [], [widgets], { stop: [], start: [widgets] }],
    ['a type still enabled keeps running', [widgets], [widgets], { stop: [], start: [] }],
    ['a type no longer listed stops, disabled', [widgets, serviceAccounts], [serviceAccounts], { stop: [{ type: widgets, disabled: true }], start: [] }],
    ['a type listed with another version restarts, not disabled', [widgets], [widgetsV2], { stop: [{ type: widgets, disabled: false }], start: [widgetsV2] }],
    ['the object deleted stops everything', [widgets, budgets], [], { stop: [{ type: widgets, disabled: true }, { type: budgets, disabled: true }], start: [] }],
  ])('%s', (_case, running: ResourceType[], wanted: ResourceType[], expected) => {
    expect(enabledTypeChanges(running, wanted)).toEqual(expected);
  });

  it('after the changes, exactly the wanted types run', () => {
    const type = fc.constantFrom(widgets, widgetsV2, serviceAccounts, budgets);
    fc.assert(
      fc.property(fc.uniqueArray(type, { selector: (entry) => entry.plural }), fc.uniqueArray(type, { selector: (entry) => entry.plural }), (running, wanted) => {
        const { stop, start } = enabledTypeChanges(running, wanted);
        const after = [...running.filter((entry) => !stop.some((stopped) => stopped.type === entry)), ...start];
        expect(new Set(after)).toEqual(new Set(wanted));
      }),
    );
  });
});

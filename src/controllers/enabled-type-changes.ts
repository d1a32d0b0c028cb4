import { typeName } from '../kube/enabled-types.js';
import type { ResourceType } from '../kube/resources.js';

/** EnabledTypeChanges are the controllers to stop (disabled: no longer listed at all) and to start. */
export interface EnabledTypeChanges {
  stop: { type: ResourceType; disabled: boolean }[];
  start: ResourceType[];
}

/**
 * enabledTypeChanges compares the types whose controllers run with those the enabled object lists. A
 * type listed again with another version, kind or scope is restarted: stopped (not disabled) and
 * started with the new description.
 */
export function enabledTypeChanges(running: readonly ResourceType[], wanted: readonly ResourceType[]): EnabledTypeChanges {
  const wantedByName = new Map(wanted.map((type) => [typeName(type), type]));
  const runningByName = new Map(running.map((type) => [typeName(type), type]));
  const stop = running.flatMap((type) => {
    const listed = wantedByName.get(typeName(type));
    return listed && sameType(listed, type) ? [] : [{ type, disabled: listed === undefined }];
  });
  const start = wanted.filter((type) => {
    const current = runningByName.get(typeName(type));
    return current === undefined || !sameType(current, type);
  });
  return { stop, start };
}

function sameType(a: ResourceType, b: ResourceType): boolean {
  return a.group === b.group && a.plural === b.plural && a.version === b.version && a.kind === b.kind && a.namespaced === b.namespaced;
}

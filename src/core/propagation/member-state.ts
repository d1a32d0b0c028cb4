import type { KubeObject } from '../objects.js';
import { isJsonObject } from '../../scheduling/go-json.js';
import { canonicalJson } from './canonical.js';
import type { MemberIntent } from './render.js';
import { appliedHashAnnotation } from '../well-known.js';

/** MemberState is what the federated object shows of one member's copy. */
export interface MemberState {
  /** synced: the copy carries the hash of what kubefed last rendered for this member. */
  synced: boolean;
  /** Ready or Available: the copy's condition of that type, when it reports one. */
  Ready?: string;
  Available?: string;
}

const shownConditions = ['Ready', 'Available'] as const;

/**
 * memberStates lists, for each member that should hold a copy, whether its copy is in sync and the
 * copy's Ready and Available conditions. It reads only the hash annotation and status.conditions, so
 * it works for any type, and it is stable (the same copies give the same text) so it is written only
 * when something changed.
 */
export function memberStates(intents: ReadonlyMap<string, MemberIntent>, actual: (cluster: string) => KubeObject | undefined): Record<string, MemberState> {
  const states: Record<string, MemberState> = {};
  for (const cluster of [...intents.keys()].sort()) {
    const copy = actual(cluster);
    const state: MemberState = { synced: copy !== undefined && copy.metadata.annotations?.[appliedHashAnnotation] === intents.get(cluster)?.hash };
    // A member's response is untrusted: its conditions are read through checks, whatever their type says.
    const conditions: unknown = copy?.status?.conditions;
    const entries: unknown[] = Array.isArray(conditions) ? conditions : [];
    for (const type of shownConditions) {
      const condition = entries.find((entry) => isJsonObject(entry) && entry.type === type);
      if (isJsonObject(condition) && typeof condition.status === 'string') {
        state[type] = condition.status;
      }
    }
    states[cluster] = state;
  }
  return states;
}

/** formatMemberStates is the annotation's text. */
export function formatMemberStates(states: Record<string, MemberState>): string {
  return canonicalJson(states);
}

import { describeJson, isJsonObject } from '../../scheduling/go-json.js';
import type { KubeObject } from '../objects.js';
import type { MemberIntent } from '../propagation/render.js';
import { appliedHashAnnotation, memberStatesAnnotation } from '../well-known.js';
import { type AnnotationCodec, AnnotationError, clusterMapCodec } from './codec.js';

/** The conditions of a member's copy that the federated object shows. */
export const shownConditions = ['Ready', 'Available'] as const;
export type ShownCondition = (typeof shownConditions)[number];

/** ConditionState is one condition of a member's copy: its status, and why, as the member's operator says. */
export interface ConditionState {
  status: string;
  reason?: string;
  message?: string;
}

/** MemberState is what the federated object shows of one member's copy. */
export interface MemberState extends Partial<Record<ShownCondition, ConditionState>> {
  /** synced: the copy carries the hash of what kubefed last rendered for this member. */
  synced: boolean;
}

/** MemberStates is the member-states annotation, by member. */
export type MemberStates = Record<string, MemberState>;

/**
 * memberStatesCodec reads and writes federation.kubefed.dev/member-states, which the generic controller
 * writes on objects of enabled types, e.g. {"gcek8s":{"synced":true,"Ready":{"status":"False","reason":"Pending"}}}.
 * Anyone who may edit the federated object may edit it too, so every field is checked on the way in.
 */
export const memberStatesCodec: AnnotationCodec<MemberStates> = clusterMapCodec(memberStatesAnnotation, 'member-states', readState);

function readState(where: string, state: unknown): MemberState {
  if (!isJsonObject(state)) {
    throw new AnnotationError(memberStatesAnnotation, `${where} must be an object, got ${describeJson(state)}`);
  }
  if (typeof state.synced !== 'boolean') {
    throw new AnnotationError(memberStatesAnnotation, `${where}.synced must be true or false, got ${describeJson(state.synced)}`);
  }
  const result: MemberState = { synced: state.synced };
  for (const type of shownConditions) {
    if (state[type] !== undefined) {
      result[type] = readCondition(`${where}.${type}`, state[type]);
    }
  }
  return result;
}

function readCondition(where: string, condition: unknown): ConditionState {
  if (!isJsonObject(condition) || typeof condition.status !== 'string') {
    throw new AnnotationError(memberStatesAnnotation, `${where} must be an object with a string status, got ${describeJson(condition)}`);
  }
  const result: ConditionState = { status: condition.status };
  for (const field of ['reason', 'message'] as const) {
    const value = condition[field];
    if (value === undefined) {
      continue;
    }
    if (typeof value !== 'string') {
      throw new AnnotationError(memberStatesAnnotation, `${where}.${field} must be a string, got ${describeJson(value)}`);
    }
    result[field] = value;
  }
  return result;
}

/** Longest reason and message kept of a member's condition: the annotation stays small, whatever the member says. */
export const reasonLimit = 128;
export const messageLimit = 256;

/** clip cuts text to limit characters, marking the cut. */
export function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/**
 * memberStates lists, for each member that should hold a copy, whether its copy is in sync and the
 * copy's Ready and Available conditions (status, reason, message). It reads only the hash annotation
 * and status.conditions, so it works for any type, and it is stable (the same copies give the same
 * text; no timestamps) so it is written only when something changed. redact blanks secret values out
 * of the member's words before they reach the federated object.
 */
export function memberStates(
  intents: ReadonlyMap<string, MemberIntent>,
  actual: (cluster: string) => KubeObject | undefined,
  redact: (text: string) => string = (text) => text,
): MemberStates {
  const states: MemberStates = {};
  for (const cluster of [...intents.keys()].sort()) {
    const copy = actual(cluster);
    const state: MemberState = { synced: copy !== undefined && copy.metadata.annotations?.[appliedHashAnnotation] === intents.get(cluster)?.hash };
    // A member's response is untrusted: its conditions are read through checks, whatever their type says.
    const conditions: unknown = copy?.status?.conditions;
    const entries: unknown[] = Array.isArray(conditions) ? conditions : [];
    for (const type of shownConditions) {
      const condition = entries.find((entry) => isJsonObject(entry) && entry.type === type);
      if (isJsonObject(condition) && typeof condition.status === 'string') {
        const shown: ConditionState = { status: clip(redact(condition.status), reasonLimit) };
        if (typeof condition.reason === 'string' && condition.reason !== '') {
          shown.reason = clip(redact(condition.reason), reasonLimit);
        }
        if (typeof condition.message === 'string' && condition.message !== '') {
          shown.message = clip(redact(condition.message), messageLimit);
        }
        state[type] = shown;
      }
    }
    states[cluster] = state;
  }
  return states;
}

/** formatMemberStates is the annotation's text. */
export function formatMemberStates(states: MemberStates): string {
  return memberStatesCodec.encode(states);
}

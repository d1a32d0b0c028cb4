import type { KubeObject } from '../objects.js';
import { type MemberIntent } from './render.js';
import { withoutPaths } from './paths.js';
import { isSubset } from './subset.js';
import { comparableContent, digestContent } from './content-digest.js';
import { appliedHashAnnotation } from '../well-known.js';

/** MemberAction is what one member needs so it holds the intent (or nothing). */
export type MemberAction =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'update'; reason: 'changed' | 'drift' }
  | { kind: 'delete' }
  | { kind: 'wait'; reason: string };

/**
 * decideAction compares what a member should hold with what its cache shows (only objects labelled
 * as ours are cached). A changed hash means the federated object changed since the last apply,
 * removals included; otherwise the member object is checked for edits made in the member. Member
 * caches hold a ConfigMap's or Secret's values as digests (see content-digest.ts), so the intent's
 * values are compared as digests too.
 */
export function decideAction(intent: MemberIntent | undefined, actual: KubeObject | undefined): MemberAction {
  if (actual?.metadata.deletionTimestamp) {
    return intent ? { kind: 'wait', reason: 'the member object is being deleted' } : { kind: 'none' };
  }
  if (!intent) {
    return actual ? { kind: 'delete' } : { kind: 'none' };
  }
  if (!actual) {
    return { kind: 'create' };
  }
  if (actual.metadata.annotations?.[appliedHashAnnotation] !== intent.hash) {
    return { kind: 'update', reason: 'changed' };
  }
  if (verified.get(actual) === intent.hash) {
    return { kind: 'none' };
  }
  if (!isSubset(comparableContent(withoutPaths(intent.object, intent.retainedPaths)), digestContent(actual))) {
    return { kind: 'update', reason: 'drift' };
  }
  verified.set(actual, intent.hash);
  return { kind: 'none' };
}

/**
 * Member copies found to hold an intent, by the intent's hash: cached copies are never changed in place
 * (a change is a new object), and the hash names the intent's content, so a copy checked once against a
 * hash is not walked again by each later reconcile (every reconcile checks every member's copy).
 */
const verified = new WeakMap<KubeObject, string>();

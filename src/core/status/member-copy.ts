import type { KubeObject } from '../objects.js';

/** MemberCopy pairs a placed member with its copy of the object (if any) and the hash it should carry. */
export interface MemberCopy<T extends KubeObject = KubeObject> {
  cluster: string;
  object?: T;
  /** hash is the intent's hash for this member; undefined when the member should hold no copy. */
  hash?: string;
}

import type { KubeObject } from '../objects.js';

/** MemberCopy pairs a placed member with its copy of the object (if any) and the hash it should carry. */
export interface MemberCopy {
  cluster: string;
  object?: KubeObject;
  /** hash is the intent's hash for this member; undefined when the member should hold no copy. */
  hash?: string;
}

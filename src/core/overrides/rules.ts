import type { ClusterRequirement } from '../../scheduling/cluster-selector.js';
import type { ImageParts } from './image.js';
import type { PatchOperation } from './json-patch.js';

/**
 * The rules of the federation.kubefed.dev/overrides annotation, validated. Each rule names target clusters
 * (clusters AND clusterSelector, when both are given) and what changes in their copies. Rules apply in
 * order; within a rule the shorthands apply first (image, env, args, labels, annotations, podLabels,
 * podAnnotations), then patches.
 */
export interface OverrideRule {
  /** index is the rule's position in the annotation, for messages. */
  index: number;
  clusters?: string[];
  clusterSelector?: ClusterRequirement[];
  image: ImageChange[];
  env: EnvChange[];
  args: ArgsChange[];
  labels?: MapChange;
  annotations?: MapChange;
  podLabels?: MapChange;
  podAnnotations?: MapChange;
  patches: PatchOperation[];
}

/**
 * MapChange edits a string map: add sets a key (new or not), replace sets one that must exist, remove
 * deletes one that must exist. A key appears in one of them at most.
 */
export interface MapChange {
  add: Record<string, string>;
  replace: Record<string, string>;
  remove: string[];
}

/** ImageChange sets parts of the image of the named container, or of every container (init containers too). */
export interface ImageChange extends ImageParts {
  container?: string;
}

/** EnvChange edits plain environment variables of the named container, or of every container, as MapChange does. */
export interface EnvChange extends MapChange {
  container?: string;
}

/** ArgsChange edits a container's args: replace sets the whole list; otherwise remove deletes values (which must be there), then add appends. */
export interface ArgsChange {
  container?: string;
  add: string[];
  remove: string[];
  replace?: string[];
}

/** OverridesError is an overrides annotation that cannot be used; its message names the rule and field. */
export class OverridesError extends Error {
  override readonly name = 'OverridesError';
}

import type { KubeObject } from '../core/objects.js';
import type { ResourceType } from '../kube/resources.js';
import type { MemberPort } from '../members/ports.js';
import type { MemberView } from '../members/registry.js';
import type { FederationIdentity } from '../core/propagation/identity.js';
import type { MemberIntent } from '../core/propagation/render.js';
import type { FieldPath } from '../core/propagation/paths.js';
import type { MemberCopy } from '../core/status/member-copy.js';

/** PlacementContext is everything rendering needs, as plain data. */
export interface PlacementContext<Observations = undefined, T extends KubeObject = KubeObject> {
  federation: FederationIdentity;
  /** clusters the object is placed on, by name: selected by the cluster selector and not failed over. */
  clusters: MemberView<MemberPort>[];
  /** actual is the managed copy a member holds, from its cache. */
  actual(cluster: string): T | undefined;
  observations: Observations;
  now: Date;
}

/** A Warning event the render wants recorded (bad annotations, say); rendering goes on. */
export interface RenderWarning {
  reason: string;
  message: string;
}

export interface RenderResult {
  /** intents holds the object each cluster should have; a cluster without one should hold nothing. */
  intents: Map<string, MemberIntent>;
  /** annotations to set on the federated object (for example the replica placement); null removes one. */
  annotations?: Record<string, string | null>;
  warnings?: RenderWarning[];
  /** requeueAfterMs asks for another reconcile even if nothing changes (pending pods, expiring estimates). */
  requeueAfterMs?: number;
}

export type { MemberCopy };

/** ObserveContext lets an adapter read live state from members before rendering (pods, for capacity). */
export interface ObserveContext<T extends KubeObject = KubeObject> {
  clusters: MemberView<MemberPort>[];
  actual(cluster: string): T | undefined;
  member(cluster: string): MemberPort | undefined;
  /**
   * federated looks another federated object up in kubefed's caches; known is false when no
   * controller caches that kind (it is turned off), so absence cannot be told.
   */
  federated(type: ResourceType, namespace: string | undefined, name: string): { known: boolean; object?: KubeObject };
  /** federatedIn lists the federated objects of a kind in one namespace (none when no controller caches that kind). */
  federatedIn(type: ResourceType, namespace: string | undefined): KubeObject[];
  now: Date;
}

/**
 * KindAdapter is what differs between federated kinds; the generic controller does the rest. Every
 * function but observe is pure. T is the kind's object type: the cache an adapter is given holds
 * objects of its type only.
 */
export interface KindAdapter<Observations = undefined, T extends KubeObject = KubeObject> {
  readonly type: ResourceType;
  /** controller names this kind in metrics and logs, e.g. "configmap". */
  readonly controller: string;
  /** splitsReplicas marks kinds whose replicas move off a failed member (after the grace period). */
  readonly splitsReplicas: boolean;
  /**
   * computedPaths are the fields kubefed computes for each member (the split replicas, HPA bounds);
   * a per-cluster override may not touch them (see core/overrides/).
   */
  readonly computedPaths?: readonly FieldPath[];
  /** trim is what the federated cache keeps of an object; trimObject when absent (see informers/trim.ts). */
  trim?(object: T): T;
  /** federates says whether an object of this kind is propagated at all (system objects are not). */
  federates(object: T): boolean;
  observe?(object: T, context: ObserveContext<T>): Promise<Observations>;
  render(object: T, context: PlacementContext<Observations, T>): RenderResult;
  /** status is the federated status aggregated from the members' copies, or undefined for kinds without one. */
  status?(object: T, copies: MemberCopy<T>[]): Record<string, unknown> | undefined;
  /**
   * statusSettled says whether a status ends a rollout (done or failed): such a status is written at
   * once, any other at most once per status interval (see core/status/pacing.ts). Without it every
   * status is written at once.
   */
  statusSettled?(object: T, status: Record<string, unknown>): boolean;
  /**
   * related names objects of other kinds whose changes concern objects of this kind, by key: member
   * objects (in every member), or with `federated` the federated objects of that kind.
   */
  readonly related?: { type: ResourceType; federated?: boolean; keys(object: KubeObject): string[] }[];
  /** progress describes each member's rollout, logged whenever the aggregated status changes. */
  progress?(object: T, copies: MemberCopy<T>[]): { cluster: string; fields: Record<string, number> }[];
  /** sensitiveValues are strings that must never leave the process (Secret data); the redactor learns them from the cache. */
  sensitiveValues?(object: T): string[];
}

import type { KubeObject } from '../objects.js';
import { type FederationIdentity, isOwnCopy } from './identity.js';

/** NamespaceItem is one object found in a member namespace, with the resource it was listed from. */
export interface NamespaceItem<Type> {
  type: Type;
  object: KubeObject;
}

/**
 * NamespaceDeparture is what to do with a member namespace the federated Namespace no longer goes
 * to: delete it (everything in it is kubefed's or the cluster's own bookkeeping), or keep it, delete
 * kubefed's copies in it and release it, because it holds something else.
 */
export type NamespaceDeparture<Type> =
  | { kind: 'delete' }
  | { kind: 'release'; own: NamespaceItem<Type>[]; foreign: NamespaceItem<Type>[]; unseen: string[] };

/** NamespaceContents is what kubefed could list in a member namespace, and the resources it was not allowed to list. */
export interface NamespaceContents<Type> {
  items: NamespaceItem<Type>[];
  unseen: string[];
}

/** What every namespace gets from its cluster; deleting them loses nothing. */
const clusterDefaults = new Set(['ConfigMap/kube-root-ca.crt', 'ServiceAccount/default']);

/** Records, not data: Events expire on their own. */
const records = new Set(['Event']);

/**
 * decideNamespaceDeparture sorts a namespace's contents into kubefed's (copies labelled as this
 * federation's and whatever they own, transitively: ReplicaSets, Pods, EndpointSlices, a Service's
 * Endpoints), the cluster's defaults, and the rest. Any rest keeps the namespace, and so does a
 * resource kubefed could not list there: what it cannot see it cannot vouch for.
 */
export function decideNamespaceDeparture<Type>({ items, unseen }: NamespaceContents<Type>, identity: FederationIdentity): NamespaceDeparture<Type> {
  const own = items.filter((item) => isOwnCopy(item.object, identity));
  const ours = new Set(own.map((item) => item.object.metadata.uid));
  const ownServices = new Set(own.filter((item) => item.object.kind === 'Service').map((item) => item.object.metadata.name));
  let rest = items.filter((item) => !ours.has(item.object.metadata.uid) && !records.has(item.object.kind ?? '') && !clusterDefaults.has(describe(item.object)));
  let grew = true;
  while (grew) {
    const dependents = rest.filter((item) => ownedByOurs(item.object, ours) || (item.object.kind === 'Endpoints' && ownServices.has(item.object.metadata.name)));
    dependents.forEach((item) => ours.add(item.object.metadata.uid));
    rest = rest.filter((item) => !dependents.includes(item));
    grew = dependents.length > 0;
  }
  return rest.length === 0 && unseen.length === 0 ? { kind: 'delete' } : { kind: 'release', own, foreign: rest, unseen };
}

/** keptMessage is the Warning that says why a namespace stayed in a member. */
export function keptMessage(namespace: string, cluster: string, foreign: NamespaceItem<unknown>[], unseen: string[]): string {
  const reasons = [
    ...(foreign.length > 0 ? [`it holds objects kubefed did not create (${sample(foreign.map((item) => describe(item.object)))})`] : []),
    ...(unseen.length > 0 ? [`kubefed may not list ${sample(unseen)} there, so it cannot tell what they hold`] : []),
  ];
  return `namespace "${namespace}" no longer goes to cluster ${cluster} but was kept there: ${reasons.join('; ')}. kubefed removed only its own copies and released the namespace`;
}

function sample(names: string[]): string {
  const shown = names.slice(0, 5);
  return names.length > shown.length ? `${shown.join(', ')} and ${names.length - shown.length} more` : shown.join(', ');
}

function ownedByOurs(object: KubeObject, ours: Set<string | undefined>): boolean {
  return (object.metadata.ownerReferences ?? []).some((owner) => ours.has(owner.uid));
}

function describe(object: KubeObject): string {
  return `${object.kind ?? ''}/${object.metadata.name ?? ''}`;
}

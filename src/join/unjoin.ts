import { deleteObject, getObject } from '../kube/apply.js';
import type { KubeClient } from '../kube/client.js';
import { errorMessage } from '../kube/errors.js';
import type { KubeList } from '../kube/objects.js';
import { clusters, collectionPath, type ResourceType, secrets } from '../kube/resources.js';
import type { ClusterObject } from '../members/cluster.js';
import { federationNamespace, managedByLabel } from '../propagation/vocabulary.js';
import { memberAccessNames, memberAccessObjects } from './member-access.js';
import { typeOfKind } from './kinds.js';

export interface UnjoinRequest {
  name: string;
  federation: KubeClient;
  federationContext: string;
  federationName: string;
  /** member is undefined when the member cannot be reached; its kubefed objects are then reported as left behind. */
  member?: KubeClient;
  deletePropagated: boolean;
  propagatedTypes: ResourceType[];
  log: (line: string) => void;
}

/** UnjoinError is an unjoin that could not start (no such cluster). */
export class UnjoinError extends Error {}

/**
 * unjoinCluster removes a member: first the Cluster object (so the controller-manager stops writing
 * there), optionally every object this federation propagated to it, then its credentials Secret and
 * kubefed's ServiceAccount and role in the member. Propagated objects stay unless asked.
 */
export async function unjoinCluster(request: UnjoinRequest): Promise<void> {
  const { name, federation, member, log } = request;
  const cluster = await getObject<ClusterObject>(federation, clusters, name);
  if (!cluster) {
    throw new UnjoinError(`cluster ${name} is not joined to this federation`);
  }
  await deleteObject(federation, clusters, name);
  log(`cluster ${name} removed from the federation`);
  const secretName = cluster.spec?.secretRef?.name;
  if (secretName) {
    await deleteObject(federation, secrets, secretName, federationNamespace);
    log(`credentials secret ${federationNamespace}/${secretName} deleted`);
  }
  if (!member) {
    log(`cluster ${name} could not be reached: kubefed's service account and role are still in it`);
    return;
  }
  if (request.deletePropagated) {
    let count = 0;
    for (const type of request.propagatedTypes) {
      count += await deleteManaged(member, type, request.federationName);
    }
    log(`deleted ${count} propagated object(s) from cluster ${name}`);
  }
  const names = memberAccessNames(request.federationContext);
  for (const object of memberAccessObjects(names).reverse()) {
    if (object.kind === 'Namespace') {
      continue;
    }
    try {
      await deleteObject(member, typeOfKind(object.kind ?? ''), object.metadata.name ?? '', object.metadata.namespace);
    } catch (error) {
      log(`could not delete ${object.kind} ${object.metadata.name} in cluster ${name}: ${errorMessage(error)}`);
    }
  }
  log(`service account and role ${names.clusterRole} deleted from cluster ${name}`);
}

async function deleteManaged(member: KubeClient, type: ResourceType, federationName: string): Promise<number> {
  const list = await member.request<KubeList>({ path: collectionPath(type), query: { labelSelector: `${managedByLabel}=${federationName}` } });
  for (const object of list.items) {
    await deleteObject(member, type, object.metadata.name ?? '', object.metadata.namespace);
  }
  return list.items.length;
}


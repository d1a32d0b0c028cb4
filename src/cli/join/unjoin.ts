import { deleteObject, getObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import { errorMessage } from '../../kube/errors.js';
import { readFederationIdentity } from '../../kube/federation-identity.js';
import type { KubeList } from '../../core/objects.js';
import { clusters, collectionPath, configMaps, type ResourceType, secrets, serviceAccounts } from '../../kube/resources.js';
import type { ClusterObject } from '../../members/cluster.js';
import { type FederationIdentity, identitySelector } from '../../core/propagation/identity.js';
import { federationNamespace } from '../../core/well-known.js';
import { federationRecordName, readFederationRecord } from './federation-record.js';
import { memberAccessNames, memberAccessObjects } from './member-access.js';
import { typeOfKind } from './kinds.js';

export interface UnjoinRequest {
  name: string;
  federation: KubeClient;
  federationContext: string;
  federationName: string;
  /** memberContext names the kubeconfig context used for the member, for the instructions when it cannot be reached. */
  memberContext: string;
  /** member is undefined when no client could be made for the member (no such context). */
  member?: KubeClient;
  deletePropagated: boolean;
  propagatedTypes: readonly ResourceType[];
  log: (line: string) => void;
}

/** UnjoinError is an unjoin that could not start (no such cluster) or could not finish (the member kept kubefed's access). */
export class UnjoinError extends Error {}

/**
 * unjoinCluster removes a member: first the Cluster object (so the controller-manager stops writing there)
 * and its credentials Secret, then, in the member, optionally every object this federation propagated, and
 * kubefed's ServiceAccount (which revokes its token), roles, admission policy and identity record.
 * Propagated objects stay unless asked. When the member cannot be reached, its token stays valid there: the
 * unjoin fails and says what the operator must run once it is back (`kubefed unjoin` again does it, since it
 * also cleans a member whose Cluster object is already gone).
 */
export async function unjoinCluster(request: UnjoinRequest): Promise<void> {
  const { name, federation, member, log } = request;
  const cluster = await getObject<ClusterObject>(federation, clusters, name);
  const identity = await readFederationIdentity(federation, request.federationName);
  const names = memberAccessNames(request.federationContext);
  const reachable = member ? await reach(member) : 'no kubeconfig context for it';
  if (!cluster && (reachable !== undefined || !(await holdsAccess(member as KubeClient, names.serviceAccount)))) {
    throw new UnjoinError(`cluster ${name} is not joined to this federation${reachable === undefined ? '' : ` (and the member cannot be checked: ${reachable})`}`);
  }
  if (cluster) {
    await deleteObject(federation, clusters, name);
    log(`cluster ${name} removed from the federation`);
    const secretName = cluster.spec?.secretRef?.name;
    if (secretName) {
      await deleteObject(federation, secrets, secretName, federationNamespace);
      log(`credentials secret ${federationNamespace}/${secretName} deleted`);
    }
  }
  if (reachable !== undefined) {
    throw new UnjoinError(leftBehind(request, `cluster ${name} could not be reached (${reachable})`));
  }
  const client = member as KubeClient;
  if (request.deletePropagated) {
    let count = 0;
    for (const type of request.propagatedTypes) {
      count += await deleteManaged(client, type, identity);
    }
    log(`deleted ${count} propagated object(s) from cluster ${name}`);
  }
  const failures: string[] = [];
  for (const object of memberAccessObjects(names).reverse()) {
    if (object.kind === 'Namespace') {
      continue;
    }
    await deleteObject(client, typeOfKind(object.kind ?? ''), object.metadata.name ?? '', object.metadata.namespace).catch((error: unknown) => {
      failures.push(`${object.kind} ${object.metadata.name}: ${errorMessage(error)}`);
    });
  }
  await deleteRecord(client, identity).catch((error: unknown) => failures.push(`ConfigMap ${federationRecordName(identity.name)}: ${errorMessage(error)}`));
  if (failures.length > 0) {
    throw new UnjoinError(leftBehind(request, `could not delete in cluster ${name}: ${failures.join('; ')}`));
  }
  log(`service account ${federationNamespace}/${names.serviceAccount} (and so its token), roles ${names.clusterRole}, admission policy ${names.admissionPolicy} deleted from cluster ${name}`);
}

async function reach(member: KubeClient): Promise<string | undefined> {
  try {
    await member.request({ path: '/version', timeoutMs: 10_000 });
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

async function holdsAccess(member: KubeClient, serviceAccount: string): Promise<boolean> {
  return (await getObject(member, serviceAccounts, serviceAccount, federationNamespace)) !== undefined;
}

/** leftBehind says what is still valid in the member and how to remove it, for an unjoin that could not finish there. */
function leftBehind(request: UnjoinRequest, why: string): string {
  const names = memberAccessNames(request.federationContext);
  const context = `--context=${request.memberContext}`;
  return (
    `${why}: kubefed's service account ${federationNamespace}/${names.serviceAccount} and its token are still valid in that cluster. ` +
    `Once it is reachable, run kubefed unjoin ${request.name} again, or remove them yourself: ` +
    `kubectl ${context} -n ${federationNamespace} delete serviceaccount/${names.serviceAccount} secret/${names.tokenSecret} ` +
    `role/${names.tokenRole} rolebinding/${names.tokenRole} configmap/${federationRecordName(request.federationName)}; ` +
    `kubectl ${context} delete clusterrolebinding,clusterrole ${names.clusterRole}; ` +
    `kubectl ${context} delete validatingadmissionpolicybinding,validatingadmissionpolicy ${names.admissionPolicy}`
  );
}

/** deleteRecord removes this federation's identity record, never another federation's. */
async function deleteRecord(member: KubeClient, identity: FederationIdentity): Promise<void> {
  const recordName = federationRecordName(identity.name);
  const record = readFederationRecord(await getObject(member, configMaps, recordName, federationNamespace));
  if (record?.id === identity.id) {
    await deleteObject(member, configMaps, recordName, federationNamespace);
  }
}

async function deleteManaged(member: KubeClient, type: ResourceType, identity: FederationIdentity): Promise<number> {
  const list = await member.request<KubeList>({ path: collectionPath(type), query: { labelSelector: identitySelector(identity) } });
  for (const object of list.items) {
    await deleteObject(member, type, object.metadata.name ?? '', object.metadata.namespace);
  }
  return list.items.length;
}

import { applyObject, deleteObject, getObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import { groupResources } from '../../kube/discovery.js';
import { enabledTypesName, enabledTypesObject, federatedTypes, readEnabledTypes, typeName } from '../../kube/enabled-types.js';
import { errorMessage, isConflict } from '../../kube/errors.js';
import { clusterRoles, collectionPath, type ResourceType } from '../../kube/resources.js';
import type { KubeObject } from '../../core/objects.js';
import { propagationFinalizer } from '../../core/well-known.js';
import { setFinalizers } from '../../controllers/federated-writes.js';
import { memberAccessNames } from '../join/member-access.js';
import { enabledMemberRoleName, enabledRoleName, federationRole, laterCommand, memberRole } from './roles.js';
import { resolveType, type TypeArgument } from './type-argument.js';

/** MemberContext is a member kubeconfig context enable was given: a client, or why there is none. */
export interface MemberContext {
  context: string;
  client?: KubeClient;
  problem?: string;
}

export interface EnableRequest {
  verb: 'enable' | 'disable';
  argument: TypeArgument;
  federation: KubeClient;
  federationContext: string;
  members: readonly MemberContext[];
  log: (line: string) => void;
  warn: (line: string) => void;
}

/**
 * enableType adds a type to (or removes it from) the federation's enabled object, which the running
 * controller-manager watches, and writes (or deletes) the ClusterRoles that grant the type by
 * aggregation: one in the federation, one in each member context given. Members that cannot be
 * reached are listed with the command to run later; each reachable member says whether it serves the
 * type (one that does not gets a KindNotSynced Warning on its Cluster and receives nothing).
 */
export async function enableType(request: EnableRequest): Promise<ResourceType> {
  const { verb, argument, federation, log } = request;
  const stored = await getObject(federation, federatedTypes, enabledTypesName);
  const { types } = readEnabledTypes(stored);
  const name = typeName({ plural: argument.resource, group: argument.group });
  const listed = types.find((type) => typeName(type) === name);
  let type: ResourceType;
  if (verb === 'enable') {
    const resolved = resolveType(argument, await groupResources(federation, argument.group));
    if (typeof resolved === 'string') {
      throw new Error(`the federation API server (context ${request.federationContext}): ${resolved}`);
    }
    type = resolved;
    await applyObject(federation, clusterRoles, federationRole(type));
    await applyObject(federation, federatedTypes, enabledTypesObject([...types.filter((known) => typeName(known) !== name), type]));
    log(`${name} enabled (${type.kind}, ${type.group ? `${type.group}/` : ''}${type.version}, ${type.namespaced ? 'namespaced' : 'cluster-scoped'}); the controller-manager starts its controller`);
  } else {
    // The type may be gone from the server already (its CRD deleted): disable only needs its name.
    type = listed ?? { group: argument.group, version: '', kind: '', plural: argument.resource, namespaced: true };
    if (listed) {
      await applyObject(federation, federatedTypes, enabledTypesObject(types.filter((known) => typeName(known) !== name)));
    }
    await deleteObject(federation, clusterRoles, enabledRoleName(type));
    // The controller-manager releases them too when it stops the controller, unless its role went first.
    const released = listed ? await releaseFinalizers(federation, listed) : 0;
    log(`${name} disabled; the controller-manager stops its controller and leaves the copies in members as they are${released > 0 ? ` (kubefed's finalizer removed from ${released} objects)` : ''}`);
  }
  const unreachable: string[] = [];
  for (const member of request.members) {
    const problem = member.client ? await writeMemberRole(request, member.client, type).catch((error: unknown) => `cannot reach it: ${errorMessage(error)}`) : member.problem;
    if (problem !== undefined && problem.startsWith('cannot reach')) {
      unreachable.push(member.context);
    }
    const line = `member ${member.context}: ${problem ?? (verb === 'enable' ? `serves ${name}; role written` : 'role removed')}`;
    (problem === undefined ? log : request.warn)(line);
  }
  if (unreachable.length > 0) {
    request.warn(`run later, once they can be reached: ${laterCommand(verb, type, unreachable)} --context=${request.federationContext}`);
  }
  return type;
}

/** writeMemberRole grants (or withdraws) the type to this federation's join role in a member; it says what is wrong, if anything. */
async function writeMemberRole(request: EnableRequest, member: KubeClient, type: ResourceType): Promise<string | undefined> {
  const names = memberAccessNames(request.federationContext);
  if (request.verb === 'disable') {
    await deleteObject(member, clusterRoles, enabledMemberRoleName(type, names));
    return undefined;
  }
  await applyObject(member, clusterRoles, memberRole(type, names));
  const served = resolveType(request.argument, await groupResources(member, request.argument.group));
  return typeof served === 'string' ? `${served}: it gets a KindNotSynced Warning on its Cluster and receives no ${typeName(type)}` : undefined;
}

/**
 * releaseFinalizers removes kubefed's propagation finalizer from the objects of a disabled type: nothing
 * would remove it now. The controller-manager may be writing the same objects as it stops: a conflict
 * is retried with the object read again.
 */
async function releaseFinalizers(federation: KubeClient, type: ResourceType): Promise<number> {
  const list = await federation.request<{ items?: KubeObject[] }>({ path: collectionPath(type) }).catch(() => ({ items: [] }));
  let released = 0;
  for (const listed of list.items ?? []) {
    let object: KubeObject | undefined = listed;
    for (let attempt = 0; object && (object.metadata.finalizers ?? []).includes(propagationFinalizer); attempt += 1) {
      try {
        await setFinalizers(federation, type, object, (object.metadata.finalizers ?? []).filter((finalizer) => finalizer !== propagationFinalizer));
        released += 1;
        break;
      } catch (error) {
        if (!isConflict(error) || attempt >= 10) {
          throw error;
        }
        object = await getObject(federation, type, object.metadata.name ?? '', object.metadata.namespace);
      }
    }
  }
  return released;
}

import type { KubeConfig } from '@kubernetes/client-node';
import type { KindAdapter } from '../../controllers/adapter.js';
import { genericAdapter } from '../../controllers/kinds/generic.js';
import { createAdapters } from '../../controllers/kinds/index.js';
import { getObject } from '../../kube/apply.js';
import { enabledTypesName, federatedTypes, readEnabledTypes, typeName } from '../../kube/enabled-types.js';
import type { KubeClient } from '../../kube/client.js';
import { errorMessage, isForbidden, isNotFound } from '../../kube/errors.js';
import type { KubeList, KubeObject } from '../../core/objects.js';
import { clusters as clusterType, collectionPath, events, objectPath, type ResourceType, withTypeMeta } from '../../kube/resources.js';
import { readFederationIdentity } from '../../kube/federation-identity.js';
import type { ClusterObject } from '../../members/cluster.js';
import { type FederationIdentity, identitySelector, ownershipOf, ownershipProblem } from '../../core/propagation/identity.js';
import { countByKind } from './clusters.js';
import { closeMembers, type MemberClient, memberClients } from './member-clients.js';
import type { EventObject, KindSnapshot, SyncProblem } from './sync.js';

/** listAll reads a whole collection, following continue tokens. */
export async function listAll<T extends KubeObject = KubeObject>(
  client: KubeClient,
  type: ResourceType,
  query: Record<string, string | undefined> = {},
  namespace?: string,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page: KubeList<T> = await client.request<KubeList<T>>({ path: collectionPath(type, namespace), query: { ...query, limit: 500, continue: token } });
    items.push(...page.items.map((item) => withTypeMeta(item, type)));
    token = page.metadata.continue || undefined;
  } while (token);
  return items;
}

/** federatedAdapters are the kinds the controller-manager propagates, with its own rendering. */
export function federatedAdapters(): KindAdapter<unknown>[] {
  // The settings only change timing of the HPA split and capacity estimates, not what a copy should hold.
  return Object.values(createAdapters({ unschedulableThresholdMs: 60_000, hpaScaleForbiddenWindowMs: 120_000 }));
}

/** enabledAdapters are the generic adapters of the types `kubefed enable` listed in the federation. */
async function enabledAdapters(federation: KubeClient, notes: string[]): Promise<KindAdapter<unknown>[]> {
  const object = await getObject(federation, federatedTypes, enabledTypesName).catch((error: unknown) => {
    notes.push(`cannot read the enabled types: ${errorMessage(error)}`);
    return undefined;
  });
  const { types, problems } = readEnabledTypes(object);
  notes.push(...problems.map((problem) => `enabled types: ${problem}`));
  return types.map((type) => genericAdapter(type));
}

/** Snapshot is what `kubefed status` reads from the federation and its members. */
export interface Snapshot {
  /** identity is the federation's name and id: only copies labelled with both are its own. */
  identity: FederationIdentity;
  clusters: ClusterObject[];
  members: MemberClient[];
  kinds: KindSnapshot[];
  events: EventObject[];
  /** managed counts copies per member and kind, for members that could be read. */
  managed: Record<string, Record<string, number> | undefined>;
  /** access says why a member could not be read. */
  access: Record<string, string | undefined>;
  notes: string[];
}

/** readClusters lists the joined clusters; a federation without the Cluster CRD gets a clear message. */
export async function readClusters(federation: KubeClient): Promise<ClusterObject[]> {
  try {
    return await listAll<ClusterObject>(federation, clusterType);
  } catch (error) {
    if (isNotFound(error)) {
      throw new Error(`${federation.server} serves no ${clusterType.plural}.${clusterType.group}: is it a federation API server (kubefed init installs the Cluster CRD)?`, { cause: error });
    }
    throw error;
  }
}

/** collectSnapshot reads the federation and every member; unreadable members and kinds are reported, not fatal. */
export async function collectSnapshot(federation: KubeClient, kubeconfig: KubeConfig, federationName: string): Promise<Snapshot> {
  const clusters = await readClusters(federation);
  const identity = await readFederationIdentity(federation, federationName);
  const notes: string[] = [];
  const builtIn = federatedAdapters();
  const adapters = [...builtIn, ...(await enabledAdapters(federation, notes))];
  const members = await memberClients(federation, clusters, kubeconfig);
  try {
    const access: Record<string, string | undefined> = Object.fromEntries(members.map((member) => [member.cluster, member.problem]));
    const selector = identitySelector(identity);
    const [objectsByKind, warningEvents, copies] = await Promise.all([
      Promise.all(
        adapters.map((adapter) =>
          listAll(federation, adapter.type).catch((error: unknown): KubeObject[] => {
            notes.push(`cannot list ${adapter.type.plural} in the federation: ${errorMessage(error)}`);
            return [];
          }),
        ),
      ),
      listAll<KubeObject & EventObject>(federation, events, { fieldSelector: 'type=Warning' }).catch((error: unknown) => {
        notes.push(`cannot list events in the federation: ${errorMessage(error)}`);
        return [];
      }),
      Promise.all(
        members.map(async (member) => {
          if (!member.client) {
            return undefined;
          }
          try {
            return await Promise.all(
              adapters.map((adapter) =>
                listAll(member.client!, adapter.type, { labelSelector: selector }).catch((error: unknown): KubeObject[] => {
                  // An enabled type the member does not serve: its objects are not sent there (a KindNotSynced Warning says so).
                  if (!isNotFound(error)) {
                    throw error;
                  }
                  notes.push(`${member.cluster} does not serve ${typeName(adapter.type)}`);
                  return [];
                }),
              ),
            );
          } catch (error) {
            access[member.cluster] = isForbidden(error) ? `not allowed to list there: ${errorMessage(error)}` : errorMessage(error);
            return undefined;
          }
        }),
      ),
    ]);
    const kinds: KindSnapshot[] = adapters.map((adapter, kindIndex) => ({
      adapter,
      enabled: kindIndex >= builtIn.length,
      objects: objectsByKind[kindIndex] ?? [],
      copies: Object.fromEntries(
        members.flatMap((member, memberIndex) => {
          const lists = copies[memberIndex];
          return lists ? [[member.cluster, lists[kindIndex] ?? []]] : [];
        }),
      ),
    }));
    const managed: Record<string, Record<string, number> | undefined> = Object.fromEntries(
      members.map((member, memberIndex) => {
        const lists = copies[memberIndex];
        return [member.cluster, lists ? countByKind(Object.fromEntries(adapters.map((adapter, index) => [adapter.controller, lists[index] ?? []]))) : undefined];
      }),
    );
    return { identity, clusters, members, kinds, events: warningEvents, managed, access, notes };
  } catch (error) {
    await closeMembers(members);
    throw error;
  }
}

/**
 * explainMissing looks up objects reported Missing: a same-name object that this federation did
 * not create is a name clash, which kubefed never overwrites (adoption is opt-in).
 */
export async function explainMissing(problems: SyncProblem[], snapshot: Snapshot, limit = 100): Promise<SyncProblem[]> {
  const types = new Map(snapshot.kinds.map((kind) => [kind.adapter.type.kind, kind.adapter.type]));
  let looked = 0;
  return Promise.all(
    problems.map(async (problem) => {
      const member = snapshot.members.find((candidate) => candidate.cluster === problem.cluster);
      const type = types.get(problem.kind);
      if (problem.reason !== 'Missing' || !member?.client || !type || looked++ >= limit) {
        return problem;
      }
      try {
        const found = await member.client.request<KubeObject>({ path: objectPath(type, problem.namespace, problem.name) });
        const ownership = ownershipOf(found, snapshot.identity);
        if (ownership.kind === 'own') {
          return problem;
        }
        const message =
          ownership.kind === 'unmanaged'
            ? `${problem.cluster} already holds a ${problem.kind} of this name that kubefed did not create; annotate the federated object federation.kubefed.dev/adopt=true to adopt it`
            : ownershipProblem(found, snapshot.identity, `${problem.kind} ${problem.name} in cluster ${problem.cluster}`, false);
        return { ...problem, reason: 'NameClash', message: message ?? problem.message };
      } catch {
        return problem;
      }
    }),
  );
}

import type { KubeObject } from '../../core/objects.js';
import type { FederationIdentity } from '../../core/propagation/identity.js';
import { federationNamespace } from '../../core/well-known.js';

/**
 * FederationRecord is what a member remembers of the federation joined under a name: a ConfigMap in its
 * federation-system namespace, written by `kubefed join` with the member's admin credentials (kubefed's own
 * ServiceAccount may not write there). One federation per name and member: the record is what makes a
 * second federation of the same name refuse to join, and what entitles a join to claim copies made before ids.
 */
export interface FederationRecord {
  name: string;
  id: string;
  /** server, context and joinedAt tell an operator who the owner is; none of it is secret. */
  server: string;
  context: string;
  joinedAt: string;
}

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** federationRecordName is the ConfigMap holding the record of the federation named `name`. */
export function federationRecordName(name: string): string {
  return `kubefed-federation-${name}`.slice(0, 253).replace(/[-.]+$/, '');
}

export function federationRecordObject(record: FederationRecord): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: federationRecordName(record.name),
      namespace: federationNamespace,
      labels: { 'app.kubernetes.io/managed-by': 'kubefed' },
    },
    data: { federationName: record.name, federationId: record.id, server: record.server, context: record.context, joinedAt: record.joinedAt },
  };
}

/** readFederationRecord reads the record back; a ConfigMap without a federation id is no record. */
export function readFederationRecord(object: ConfigMap | undefined): FederationRecord | undefined {
  const data = object?.data;
  if (!data?.federationId) {
    return undefined;
  }
  return {
    name: data.federationName ?? '',
    id: data.federationId,
    server: data.server ?? 'unknown',
    context: data.context ?? 'unknown',
    joinedAt: data.joinedAt ?? 'unknown',
  };
}

/**
 * recordConflict says why this federation may not join a member, or undefined when it may: the member is
 * already joined to another federation (another id) under the same name. The message names that federation's
 * API server, context and join time so an operator can find its owner.
 */
export function recordConflict(existing: FederationRecord | undefined, identity: FederationIdentity, cluster: string): string | undefined {
  if (existing === undefined || existing.id === identity.id) {
    return undefined;
  }
  return (
    `cluster ${cluster} is already joined to another federation named ${identity.name} ` +
    `(id ${existing.id}, API server ${existing.server}, joined ${existing.joinedAt} from context ${existing.context}; ` +
    `this federation's id is ${identity.id}). Two federations of one name would manage each other's copies: ` +
    `unjoin the cluster from that federation first, or run this federation with another --federation-name`
  );
}

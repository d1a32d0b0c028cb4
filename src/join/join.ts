import { setTimeout as sleep } from 'node:timers/promises';
import { applyObject, deleteObject, getObject } from '../kube/apply.js';
import type { KubeClient } from '../kube/client.js';
import { ApiError, errorMessage } from '../kube/errors.js';
import type { KubeObject } from '../kube/objects.js';
import { clusters, secrets } from '../kube/resources.js';
import type { ClusterObject, SecretObject } from '../members/cluster.js';
import { serverAddress } from '../members/cluster.js';
import { federationNamespace } from '../propagation/vocabulary.js';
import { ensureClusterDefinition } from './cluster-definition.js';
import { memberAccessNames, memberAccessObjects } from './member-access.js';
import { typeOfKind } from './kinds.js';

export interface JoinRequest {
  name: string;
  federation: KubeClient;
  federationContext: string;
  member: KubeClient;
  memberContext: string;
  /** memberCertificateAuthority is the member's CA (base64 PEM) as the kubeconfig has it; verified TLS needs it. */
  memberCertificateAuthority?: string;
  secretName?: string;
  tokenWaitMs?: number;
  log: (line: string) => void;
}

/** JoinError is a join that could not be done; nothing it started is left behind. */
export class JoinError extends Error {}

/**
 * joinCluster registers a member: kubefed's ServiceAccount, least-privilege role and token in the
 * member, then the credentials Secret and Cluster object in the federation. Running it again for the
 * same cluster only brings those objects up to date. When a step fails, whatever this run created is
 * deleted again, so a failed join leaves nothing half-made.
 */
export async function joinCluster(request: JoinRequest): Promise<ClusterObject> {
  const { name, federation, member, log } = request;
  await reachable(federation, `the federation API server (context ${request.federationContext})`);
  await reachable(member, `cluster ${name} (context ${request.memberContext})`);
  const existing = await getObject<ClusterObject>(federation, clusters, name).catch(() => undefined);
  const existingServer = existing ? serverAddress(existing) : undefined;
  if (existing && existingServer !== member.server) {
    throw new JoinError(`a Cluster named ${name} is already joined, for server ${existingServer}; run kubefed unjoin ${name} first`);
  }
  const created: { client: KubeClient; object: KubeObject }[] = [];
  const apply = async (client: KubeClient, object: KubeObject) => {
    const type = typeOfKind(object.kind ?? '');
    const before = await getObject(client, type, object.metadata.name ?? '', object.metadata.namespace);
    const stored = await applyObject(client, type, object);
    if (!before) {
      created.push({ client, object });
    }
    return stored;
  };
  try {
    await ensureClusterDefinition(federation, log);
    const names = memberAccessNames(request.federationContext);
    const objects = memberAccessObjects(names);
    let serviceAccountUid = '';
    for (const object of objects) {
      const stored = await apply(member, object);
      if (object.kind === 'ServiceAccount') {
        serviceAccountUid = stored.metadata.uid ?? '';
      }
    }
    log(`cluster ${name}: service account ${federationNamespace}/${names.serviceAccount} with cluster role ${names.clusterRole}`);
    const tokenSecret = objects.find((object) => object.kind === 'Secret') as KubeObject;
    const token = await memberToken(member, tokenSecret, { name: names.serviceAccount, uid: serviceAccountUid }, request.tokenWaitMs ?? 30_000);
    const certificateAuthority = request.memberCertificateAuthority ?? token.certificateAuthority;
    if (!certificateAuthority) {
      throw new JoinError(`cluster ${name}: no CA certificate in the kubeconfig or the token secret; kubefed verifies member TLS`);
    }
    const secretName = request.secretName ?? existing?.spec?.secretRef?.name ?? `${name}-kubefed`;
    await apply(federation, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: federationNamespace } });
    await apply(federation, {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: secretName, namespace: federationNamespace, labels: { 'federation.kubefed.dev/cluster': name } },
      data: { token: Buffer.from(token.token).toString('base64'), 'ca.crt': certificateAuthority },
    });
    const cluster = (await apply(federation, {
      apiVersion: 'federation.kubefed.dev/v1beta1',
      kind: 'Cluster',
      metadata: { name },
      spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: member.server }], secretRef: { name: secretName } },
    })) as ClusterObject;
    log(`cluster ${name} joined: server ${member.server}, credentials in secret ${federationNamespace}/${secretName}`);
    return cluster;
  } catch (error) {
    for (const { client, object } of created.reverse()) {
      await deleteObject(client, typeOfKind(object.kind ?? ''), object.metadata.name ?? '', object.metadata.namespace).catch(() => undefined);
    }
    throw error instanceof JoinError ? error : new JoinError(`joining ${name} failed: ${errorMessage(error)}`);
  }
}

async function reachable(client: KubeClient, what: string): Promise<void> {
  try {
    // /version needs authentication but no permission, so it tests address, TLS and credentials at once.
    await client.request({ path: '/version', timeoutMs: 10_000 });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new JoinError(`${what} at ${client.server} rejected the kubeconfig's credentials (HTTP 401 Unauthorized)`);
    }
    throw new JoinError(`cannot reach ${what} at ${client.server}: ${errorMessage(error)}`);
  }
}

/**
 * memberToken reads the long-lived token the member's token controller puts into the
 * service-account-token Secret; where no such controller runs, it asks TokenRequest for a one-year token.
 * Only a token minted for this ServiceAccount's uid is taken: right after an unjoin, the token controller
 * may still know the deleted account of the same name and mint a token for it, which the member would reject.
 */
async function memberToken(
  member: KubeClient,
  tokenSecret: KubeObject,
  serviceAccount: { name: string; uid: string },
  waitMs: number,
): Promise<{ token: string; certificateAuthority?: string }> {
  const secretName = tokenSecret.metadata.name ?? '';
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const secret = await getObject<SecretObject>(member, secrets, secretName, federationNamespace);
    const mintedFor = secret?.metadata.annotations?.['kubernetes.io/service-account.uid'];
    if (!secret) {
      // The token controller deletes token Secrets of a deleted account by name, so a fresh one can go too.
      await applyObject(member, secrets, tokenSecret);
    } else if (mintedFor !== undefined && mintedFor !== serviceAccount.uid) {
      await deleteObject(member, secrets, secretName, federationNamespace);
    } else if (secret.data?.token && mintedFor === serviceAccount.uid) {
      return { token: Buffer.from(secret.data.token, 'base64').toString('utf8'), certificateAuthority: secret.data['ca.crt'] };
    }
    await sleep(250);
  }
  const response = await member.request<{ status: { token: string } }>({
    method: 'POST',
    path: `/api/v1/namespaces/${federationNamespace}/serviceaccounts/${serviceAccount.name}/token`,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 365 * 24 * 3600 } },
  });
  return { token: response.status.token };
}

import { applyObject, cliFieldManager, deleteObject, getObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import { ApiError, errorMessage, isNotFound } from '../../kube/errors.js';
import { readFederationIdentity } from '../../kube/federation-identity.js';
import type { KubeObject } from '../../core/objects.js';
import { clusters, configMaps, objectPath, secrets } from '../../kube/resources.js';
import type { ClusterObject, SecretObject } from '../../members/cluster.js';
import { serverAddress } from '../../members/cluster.js';
import { tokenAnnotations } from '../../members/token-lifetime.js';
import type { FederationIdentity } from '../../core/propagation/identity.js';
import { federationNamespace, tokenExpiresAnnotation, tokenIssuedAnnotation, tokenServiceAccountAnnotation } from '../../core/well-known.js';
import { claimLegacyCopies } from './claim.js';
import { ensureClusterDefinition } from './cluster-definition.js';
import { federationRecordName, federationRecordObject, readFederationRecord, recordConflict } from './federation-record.js';
import { propagatedTypes, typeOfKind } from './kinds.js';
import { fingerprint, isAuthority, presentedAuthority } from './member-authority.js';
import { memberAccessNames, memberAccessObjects } from './member-access.js';
import { type MemberToken, memberToken } from './member-token.js';

export interface JoinRequest {
  name: string;
  federation: KubeClient;
  federationContext: string;
  /** federationName is the controller-manager's --federation-name: the managed-by label of its copies. */
  federationName: string;
  member: KubeClient;
  memberContext: string;
  /** memberCertificateAuthority is the member's CA (base64 PEM) from the kubeconfig: the connection was verified with it. */
  memberCertificateAuthority?: string;
  /**
   * trustOnFirstUse is given when the operator said --insecure-skip-tls-verify: member is then an unverified
   * connection, and this makes a verifying client with a CA the member presents, to check that CA before it is kept.
   */
  trustOnFirstUse?: (certificateAuthority: string) => Promise<KubeClient>;
  secretName?: string;
  tokenWaitMs?: number;
  log: (line: string) => void;
  /** warn tells the operator what they must check themselves (trust on first use). */
  warn?: (line: string) => void;
}

/** JoinError is a join that could not be done; nothing it started is left behind. */
export class JoinError extends Error {}

/**
 * joinCluster registers a member: kubefed's ServiceAccount, least-privilege roles, admission policy, token and
 * the record of this federation's identity in the member, then the credentials Secret and Cluster object in the
 * federation. Running it again for the same cluster only brings those objects up to date (and claims copies made
 * before copies carried the federation id). When a step fails, whatever this run created is deleted again, so a
 * failed join leaves nothing half-made.
 */
export async function joinCluster(request: JoinRequest): Promise<ClusterObject> {
  const { name, federation, member, log } = request;
  if (request.memberCertificateAuthority === undefined && request.trustOnFirstUse === undefined) {
    throw new JoinError(
      `cluster ${name}: kubeconfig context ${request.memberContext} has no certificate-authority(-data) to verify the member's API server with; ` +
        'add the CA to the context, or pass --insecure-skip-tls-verify to trust the CA the member presents (trust on first use)',
    );
  }
  await reachable(federation, `the federation API server (context ${request.federationContext})`);
  await reachable(member, `cluster ${name} (context ${request.memberContext})`);
  const identity = await readFederationIdentity(federation, request.federationName);
  const existing = await getObject<ClusterObject>(federation, clusters, name).catch(() => undefined);
  const existingServer = existing ? serverAddress(existing) : undefined;
  if (existing && existingServer !== member.server) {
    throw new JoinError(`a Cluster named ${name} is already joined, for server ${existingServer}; run kubefed unjoin ${name} first`);
  }
  const recorded = readFederationRecord(await getObject(member, configMaps, federationRecordName(identity.name), federationNamespace));
  const conflict = recordConflict(recorded, identity, name);
  if (conflict) {
    throw new JoinError(conflict);
  }
  const created: { client: KubeClient; object: KubeObject }[] = [];
  const apply = async <T extends KubeObject>(client: KubeClient, object: T): Promise<T> => {
    const type = typeOfKind(object.kind ?? '');
    const before = await getObject(client, type, object.metadata.name ?? '', object.metadata.namespace);
    const stored = await applyObject(client, type, object).catch((error: unknown) => {
      throw isNotFound(error) ? new JoinError(`cluster ${name} does not serve ${type.plural}.${type.group || 'core'}/${type.version} (${object.kind}); kubefed needs Kubernetes 1.30 or later in members`) : error;
    });
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
    log(`cluster ${name}: service account ${federationNamespace}/${names.serviceAccount} with cluster role ${names.clusterRole}, fenced by admission policy ${names.admissionPolicy}`);
    const tokenSecret = objects.find((object) => object.kind === 'Secret');
    if (!tokenSecret) {
      throw new JoinError(`cluster ${name}: the member access objects hold no token Secret`);
    }
    const token = await memberToken(member, tokenSecret, { name: names.serviceAccount, uid: serviceAccountUid }, request.tokenWaitMs ?? 30_000);
    const certificateAuthority = request.memberCertificateAuthority ?? (await authorityOnFirstUse(request, token));
    await apply(member, federationRecordObject({ ...identity, server: federation.server, context: request.federationContext, joinedAt: recorded?.joinedAt ?? new Date().toISOString() }));
    await claimCopies(request, identity);
    const secretName = request.secretName ?? existing?.spec?.secretRef?.name ?? `${name}-kubefed`;
    await apply(federation, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: federationNamespace } });
    await writeCredentials(federation, apply, name, secretName, token, certificateAuthority);
    const cluster = await apply<ClusterObject>(federation, {
      apiVersion: 'federation.kubefed.dev/v1beta1',
      kind: 'Cluster',
      metadata: { name },
      spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: member.server }], secretRef: { name: secretName } },
    });
    const expiry = token.lifetime ? `; its token expires ${new Date(token.lifetime.expiresAt).toISOString()} and the controller-manager renews it before then` : '';
    log(`cluster ${name} joined: server ${member.server}, credentials in secret ${federationNamespace}/${secretName}${expiry}`);
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
 * authorityOnFirstUse finds the member's CA over the unverified connection the operator allowed: the one its
 * token controller published, or the root of the chain its API server presents. A CA is kept only when a
 * verified connection with it succeeds, and the operator is told its fingerprint to compare out of band.
 */
async function authorityOnFirstUse(request: JoinRequest, token: MemberToken): Promise<string> {
  const { name, member } = request;
  const candidates = [token.certificateAuthority, await presentedAuthority(member.server)].filter((candidate): candidate is string => candidate !== undefined && isAuthority(candidate));
  for (const candidate of candidates) {
    const verifying = await request.trustOnFirstUse!(candidate);
    try {
      await verifying.request({ path: '/version', timeoutMs: 10_000 });
      request.warn?.(
        `warning: cluster ${name}: --insecure-skip-tls-verify: trusting on first use the CA the member presented over an unverified connection ` +
          `(SHA-256 fingerprint ${fingerprint(candidate)}); compare it with the member's CA out of band. kubefed verifies the member with it from now on`,
      );
      return candidate;
    } catch {
      // Not the CA that signed the serving certificate: try the next one.
    } finally {
      await verifying.close();
    }
  }
  throw new JoinError(`cluster ${name}: found no CA that verifies the member's API server certificate; add the member's CA to the kubeconfig context ${request.memberContext}`);
}

/** claimCopies gives copies made before the federation id this federation's id, where it holds their source. */
async function claimCopies(request: JoinRequest, identity: FederationIdentity): Promise<void> {
  const { claimed, unclaimed } = await claimLegacyCopies(request.member, request.federation, identity, propagatedTypes);
  if (claimed > 0) {
    request.log(`cluster ${request.name}: claimed ${claimed} copies made before federation ids (labelled federation.kubefed.dev/federation-id=${identity.id})`);
  }
  if (unclaimed.length > 0) {
    request.warn?.(
      `warning: cluster ${request.name}: ${unclaimed.length} copies labelled managed-by=${identity.name} have no source in this federation and were left alone ` +
        `(no federation manages or deletes them now; delete them yourself if they are unwanted): ${unclaimed.slice(0, 10).join(', ')}${unclaimed.length > 10 ? ', …' : ''}`,
    );
  }
}

/** writeCredentials stores the member's token and CA; a token that expires carries its lifetime for renewal. */
async function writeCredentials(
  federation: KubeClient,
  apply: <T extends KubeObject>(client: KubeClient, object: T) => Promise<T>,
  cluster: string,
  secretName: string,
  token: MemberToken,
  certificateAuthority: string,
): Promise<void> {
  const stored = await apply<SecretObject>(federation, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: secretName,
      namespace: federationNamespace,
      labels: { 'federation.kubefed.dev/cluster': cluster },
      ...(token.lifetime ? { annotations: tokenAnnotations(token.lifetime) } : {}),
    },
    data: { token: Buffer.from(token.token).toString('base64'), 'ca.crt': certificateAuthority },
  });
  // A renewal recorded these under the controller-manager's field manager; a token that does not expire has none.
  const stale = [tokenServiceAccountAnnotation, tokenIssuedAnnotation, tokenExpiresAnnotation].filter((key) => stored.metadata.annotations?.[key] !== undefined);
  if (!token.lifetime && stale.length > 0) {
    await federation.request({
      method: 'PATCH',
      path: objectPath(secrets, federationNamespace, secretName),
      contentType: 'application/merge-patch+json',
      query: { fieldManager: cliFieldManager },
      body: { metadata: { annotations: Object.fromEntries(stale.map((key) => [key, null])) } },
    });
  }
}

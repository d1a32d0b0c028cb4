import { KubeConfig } from '@kubernetes/client-node';
import { secretDataValues } from '../runtime/observability/redactor.js';
import type { ClusterObject, SecretObject } from './cluster.js';
import { serverAddress } from './cluster.js';
import { checkCredentials, CredentialsRejected, type InlineCredentials, kubeconfigCredentials, tokenCredentials } from './inline-credentials.js';

/** The Ready condition's reasons for a member kubefed does not even try to reach. */
export type CredentialsReason = 'CredentialsRejected' | 'ClusterCredentialsInvalid';

/** CredentialsError says why a member cannot be reached with what its Cluster and Secret hold. */
export class CredentialsError extends Error {
  constructor(
    message: string,
    /** reason is CredentialsRejected when the Secret holds what kubefed refuses, ClusterCredentialsInvalid when something is missing. */
    readonly reason: CredentialsReason = 'ClusterCredentialsInvalid',
  ) {
    super(message);
  }
}

/**
 * memberKubeConfig builds the client configuration for a member from its Cluster object and the
 * credentials Secret that join wrote: a service-account token with the member's CA, or a kubeconfig
 * that holds only inline data (see inline-credentials.ts). Nothing in the Secret can name a program
 * to run or a file to read, and TLS is verified with the member's CA unless insecure is set by the operator.
 */
export function memberKubeConfig(cluster: ClusterObject, secret: SecretObject | undefined, insecure: boolean): KubeConfig {
  const name = cluster.metadata.name ?? '';
  const server = serverAddress(cluster);
  if (!server) {
    throw new CredentialsError(`cluster ${name}: spec.serverAddressByClientCIDRs has no server address`);
  }
  if (!secret) {
    throw new CredentialsError(`cluster ${name}: credentials secret ${cluster.spec?.secretRef?.name ?? '(none)'} not found`);
  }
  const data = secret.data ?? {};
  let credentials: InlineCredentials;
  try {
    credentials = data.kubeconfig !== undefined ? kubeconfigCredentials(Buffer.from(data.kubeconfig, 'base64').toString('utf8')) : tokenCredentials(data);
    checkCredentials(credentials, insecure);
  } catch (error) {
    if (error instanceof CredentialsRejected) {
      throw new CredentialsError(`cluster ${name}: credentials secret ${secret.metadata.name}: ${error.message}`, 'CredentialsRejected');
    }
    throw error;
  }
  const user = `kubefed-member-${name}`;
  const config = new KubeConfig();
  // Built field by field, so that nothing but the accepted data reaches client-node.
  config.loadFromOptions({
    clusters: [{ name, server, caData: credentials.certificateAuthorityData, tlsServerName: credentials.tlsServerName, skipTLSVerify: insecure }],
    users: [{ name: user, token: credentials.token, certData: credentials.clientCertificateData, keyData: credentials.clientKeyData }],
    contexts: [{ name, cluster: name, user }],
    currentContext: name,
  });
  return config;
}

/** credentialValues are the secret parts of a built member configuration, for the redactor. */
export function credentialValues(config: KubeConfig): string[] {
  const user = config.getCurrentUser();
  return [...(user?.token === undefined ? [] : [user.token]), ...secretDataValues(user?.keyData === undefined ? {} : { key: user.keyData })];
}

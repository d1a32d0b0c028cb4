import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterObject, SecretObject } from './cluster.js';
import { serverAddress } from './cluster.js';

/** CredentialsError says why a member cannot be reached with what its Cluster and Secret hold. */
export class CredentialsError extends Error {}

const decode = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');

/**
 * memberKubeConfig builds the client configuration for a member from its Cluster object and the
 * credentials Secret that join wrote: a service-account token with the member's CA (v1.7+ style) or a
 * whole kubeconfig. TLS is verified with that CA unless insecure is set by the operator.
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
  const config = new KubeConfig();
  if (data.kubeconfig !== undefined) {
    config.loadFromString(decode(data.kubeconfig) ?? '');
    const context = config.getCurrentContext();
    const current = config.getContextObject(context);
    const clusterEntry = config.getCluster(current?.cluster ?? '');
    const userEntry = config.getUser(current?.user ?? '');
    if (!clusterEntry || !userEntry) {
      throw new CredentialsError(`cluster ${name}: the kubeconfig in secret ${secret.metadata.name} has no usable current context`);
    }
    config.loadFromOptions({
      // Only the operator's flag turns verification off; a stored kubeconfig asking for it does not.
      clusters: [{ ...clusterEntry, name, server, skipTLSVerify: insecure }],
      users: [{ ...userEntry, name: `kubefed-member-${name}` }],
      contexts: [{ name, cluster: name, user: `kubefed-member-${name}` }],
      currentContext: name,
    });
    return config;
  }
  if (data.token === undefined || (data['ca.crt'] === undefined && !insecure)) {
    throw new CredentialsError(
      `cluster ${name}: secret ${secret.metadata.name} needs "token" and "ca.crt" (or "kubeconfig")`,
    );
  }
  config.loadFromOptions({
    clusters: [{ name, server, caData: data['ca.crt'], skipTLSVerify: insecure }],
    users: [{ name: `kubefed-member-${name}`, token: decode(data.token) }],
    contexts: [{ name, cluster: name, user: `kubefed-member-${name}` }],
    currentContext: name,
  });
  return config;
}

import type { KubeClient } from '../kube/client.js';
import { objectPath, serviceAccounts } from '../kube/resources.js';
import { federationNamespace } from '../core/well-known.js';
import type { TokenLifetime } from './token-lifetime.js';

interface TokenRequestObject {
  spec?: { expirationSeconds?: number };
  status?: { token?: string; expirationTimestamp?: string };
}

/**
 * requestToken asks a member's TokenRequest API for a token of kubefed's ServiceAccount. The lifetime is
 * the member's answer (it may shorten what was asked), in the member's clock, so renewal follows it.
 */
export async function requestToken(member: KubeClient, serviceAccount: string, seconds: number): Promise<{ token: string; lifetime: TokenLifetime }> {
  const response = await member.request<TokenRequestObject>({
    method: 'POST',
    path: objectPath(serviceAccounts, federationNamespace, serviceAccount, 'token'),
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: seconds } },
  });
  const token = response.status?.token;
  const expiresAt = Date.parse(response.status?.expirationTimestamp ?? '');
  const granted = response.spec?.expirationSeconds ?? seconds;
  if (!token || !Number.isFinite(expiresAt)) {
    throw new Error(`the TokenRequest for ${federationNamespace}/${serviceAccount} in ${member.server} returned no token or no expiration`);
  }
  return { token, lifetime: { serviceAccount, issuedAt: expiresAt - granted * 1000, expiresAt } };
}

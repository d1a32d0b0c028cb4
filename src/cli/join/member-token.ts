import { setTimeout as sleep } from 'node:timers/promises';
import { applyObject, deleteObject, getObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import type { KubeObject } from '../../core/objects.js';
import { secrets } from '../../kube/resources.js';
import type { SecretObject } from '../../members/cluster.js';
import { type TokenLifetime } from '../../members/token-lifetime.js';
import { requestToken } from '../../members/token-request.js';
import { federationNamespace } from '../../core/well-known.js';

/** A token join asks TokenRequest for lasts a year; the controller-manager renews it well before then. */
export const requestedTokenSeconds = 365 * 24 * 3600;

export interface MemberToken {
  token: string;
  /** certificateAuthority is the member's CA (base64 PEM) as its token controller published it, if it did. */
  certificateAuthority?: string;
  /** lifetime is set for a token that expires (one from TokenRequest). */
  lifetime?: TokenLifetime;
}

/**
 * memberToken reads the long-lived token the member's token controller puts into the
 * service-account-token Secret; where no such controller runs, it asks TokenRequest for a one-year token.
 * Only a token minted for this ServiceAccount's uid is taken: right after an unjoin, the token controller
 * may still know the deleted account of the same name and mint a token for it, which the member would reject.
 */
export async function memberToken(member: KubeClient, tokenSecret: KubeObject, serviceAccount: { name: string; uid: string }, waitMs: number): Promise<MemberToken> {
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
  return requestToken(member, serviceAccount.name, requestedTokenSeconds);
}

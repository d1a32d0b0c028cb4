import { tokenExpiresAnnotation, tokenIssuedAnnotation, tokenServiceAccountAnnotation } from '../core/well-known.js';

/** TokenLifetime is what the credentials Secret records about a token that TokenRequest issued. */
export interface TokenLifetime {
  /** serviceAccount is kubefed's ServiceAccount in the member's federation-system namespace. */
  serviceAccount: string;
  issuedAt: number;
  expiresAt: number;
}

/** A token is renewed once this share of its lifetime has passed, as the kubelet does for projected tokens. */
export const renewAfterShare = 0.8;
/** TokenRequest refuses lifetimes under ten minutes. */
export const minimumTokenSeconds = 600;

const serviceAccountName = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * tokenLifetime reads the recorded lifetime: nothing when the Secret holds a token that does not expire
 * (one the member's token controller made), a problem when the annotations are there but unusable.
 */
export function tokenLifetime(annotations: Record<string, string> | undefined): { lifetime?: TokenLifetime; problem?: string } {
  const serviceAccount = annotations?.[tokenServiceAccountAnnotation];
  const issued = annotations?.[tokenIssuedAnnotation];
  const expires = annotations?.[tokenExpiresAnnotation];
  if (serviceAccount === undefined && issued === undefined && expires === undefined) {
    return {};
  }
  const issuedAt = Date.parse(issued ?? '');
  const expiresAt = Date.parse(expires ?? '');
  if (serviceAccount === undefined || !serviceAccountName.test(serviceAccount)) {
    return { problem: `annotation ${tokenServiceAccountAnnotation} is not a ServiceAccount name` };
  }
  if (!Number.isFinite(issuedAt) || !Number.isFinite(expiresAt) || expiresAt <= issuedAt) {
    return { problem: `annotations ${tokenIssuedAnnotation} and ${tokenExpiresAnnotation} are not two timestamps, the first before the second` };
  }
  return { lifetime: { serviceAccount, issuedAt, expiresAt } };
}

/** renewAt is when the token should be replaced: well before it expires, so a few failed tries do no harm. */
export function renewAt(lifetime: TokenLifetime): number {
  return lifetime.issuedAt + Math.floor((lifetime.expiresAt - lifetime.issuedAt) * renewAfterShare);
}

/** requestedSeconds asks for the same lifetime again (the member may shorten it). */
export function requestedSeconds(lifetime: Pick<TokenLifetime, 'issuedAt' | 'expiresAt'>): number {
  return Math.max(minimumTokenSeconds, Math.round((lifetime.expiresAt - lifetime.issuedAt) / 1000));
}

export function tokenAnnotations(lifetime: TokenLifetime): Record<string, string> {
  return {
    [tokenServiceAccountAnnotation]: lifetime.serviceAccount,
    [tokenIssuedAnnotation]: new Date(lifetime.issuedAt).toISOString(),
    [tokenExpiresAnnotation]: new Date(lifetime.expiresAt).toISOString(),
  };
}

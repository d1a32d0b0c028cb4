import { createHash } from 'node:crypto';
import {
  covers,
  createAuthority,
  expiresSoon,
  issue,
  type KeyPair,
  keyMatches,
  type LeafRequest,
  serviceAccountKeys,
  signedBy,
} from './certificates.js';
import { certificateUsers } from './names.js';

/** Pki is every credential of a federation control plane. */
export interface Pki {
  authority: KeyPair;
  /** server is the federation API server's serving certificate. */
  server: KeyPair;
  admin: KeyPair;
  controllerManager: KeyPair;
  kubeControllerManager: KeyPair;
  /** serviceAccount signs and verifies the federation's service-account tokens. */
  serviceAccount: { key: string; pub: string };
}

export type ExistingPki = Partial<Pki>;

/** ServingNames are the DNS names and addresses the serving certificate must cover. */
export interface ServingNames {
  dnsNames: string[];
  ips: string[];
}

export interface PkiResult {
  pki: Pki;
  /** issued names what was created or re-issued (empty when everything was reused). */
  issued: string[];
}

function usable(pair: KeyPair | undefined, authority: KeyPair, now: Date): pair is KeyPair {
  return pair !== undefined && signedBy(pair.cert, authority.cert) && keyMatches(pair) && !expiresSoon(pair.cert, now);
}

/**
 * ensurePki reuses what a previous `kubefed init` made, so re-running it changes nothing: the CA
 * and the service-account key are kept while valid, and each certificate is re-issued only when
 * it is missing, not signed by the CA, close to expiry, or (the serving certificate) does not
 * cover a name or address the API server is now reached by. A new CA re-issues everything.
 */
export function ensurePki(federation: string, existing: ExistingPki, names: ServingNames, now: Date): PkiResult {
  const issued: string[] = [];
  let authority = existing.authority;
  if (!authority || !keyMatches(authority) || expiresSoon(authority.cert, now)) {
    authority = createAuthority(`${federation}-ca`, now);
    issued.push('certificate authority');
  }
  const leaf = (label: string, current: KeyPair | undefined, request: LeafRequest, fits = true): KeyPair => {
    if (usable(current, authority, now) && fits) {
      return current;
    }
    issued.push(label);
    return issue(authority, request, now);
  };
  const server = leaf(
    'serving certificate',
    existing.server,
    { commonName: 'federation-apiserver', usage: 'server', dnsNames: names.dnsNames, ips: names.ips },
    existing.server !== undefined && covers(existing.server.cert, names.dnsNames, names.ips),
  );
  const client = (user: { commonName: string; organizations?: readonly string[] }): LeafRequest => ({
    commonName: user.commonName,
    ...(user.organizations ? { organizations: [...user.organizations] } : {}),
    usage: 'client',
  });
  const admin = leaf('admin client certificate', existing.admin, client(certificateUsers.admin));
  const controllerManager = leaf('controller-manager client certificate', existing.controllerManager, client(certificateUsers.controllerManager));
  const kubeControllerManager = leaf('kube-controller-manager client certificate', existing.kubeControllerManager, client(certificateUsers.kubeControllerManager));
  let serviceAccount = existing.serviceAccount;
  if (!serviceAccount?.key || !serviceAccount.pub) {
    serviceAccount = serviceAccountKeys();
    issued.push('service-account signing key');
  }
  return { pki: { authority, server, admin, controllerManager, kubeControllerManager, serviceAccount }, issued };
}

/** digest fingerprints credentials for a pod template annotation, so pods restart when they change. */
export function digest(...values: string[]): string {
  const hash = createHash('sha256');
  values.forEach((value) => hash.update(value).update('\u0000'));
  return hash.digest('hex').slice(0, 16);
}

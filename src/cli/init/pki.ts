import { createHash, randomBytes } from 'node:crypto';
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
import { certificateUsers, etcdDnsNames } from './names.js';

/**
 * Authority is a CA certificate and, only while init holds it, its private key. The key never goes into
 * the cluster: init either drops it after signing or, with --keep-ca-key, writes it to a local file.
 */
export interface Authority {
  cert: string;
  key?: string;
}

/** EtcdPki is etcd's own CA (so no federation client certificate can talk to etcd) and what it signs. */
export interface EtcdPki {
  authority: Authority;
  server: KeyPair;
  peer: KeyPair;
  /** apiServerClient is the only client certificate etcd accepts: the federation API server's. */
  apiServerClient: KeyPair;
}

/** Pki is every credential of a federation control plane. */
export interface Pki {
  authority: Authority;
  /** server is the federation API server's serving certificate. */
  server: KeyPair;
  admin: KeyPair;
  controllerManager: KeyPair;
  kubeControllerManager: KeyPair;
  /** serviceAccount signs and verifies the federation's service-account tokens. */
  serviceAccount: { key: string; pub: string };
  /** etcd is absent with an external etcd (--etcd-servers). */
  etcd?: EtcdPki;
  /** encryptionKey (32 random bytes, base64) encrypts Secrets at rest in etcd (secretbox). */
  encryptionKey: string;
}

export type ExistingPki = Partial<Omit<Pki, 'etcd'>> & { etcd?: Partial<EtcdPki> };

/** ServingNames are the DNS names and addresses the serving certificate must cover. */
export interface ServingNames {
  dnsNames: string[];
  ips: string[];
}

export interface PkiResult {
  pki: Pki;
  /** issued names what was created or re-issued (empty when everything was reused). */
  issued: string[];
  /** rotated names CAs made anew only because their key was not kept, so a certificate could be issued. */
  rotated: string[];
}

type PkiLog = Omit<PkiResult, 'pki'>;

interface Leaf {
  label: string;
  current: KeyPair | undefined;
  request: LeafRequest;
  /** fits is false when the current certificate no longer covers what it must (the serving names). */
  fits?: boolean;
}

function usable(pair: KeyPair | undefined, authority: Authority, now: Date): pair is KeyPair {
  return pair !== undefined && signedBy(pair.cert, authority.cert) && keyMatches(pair) && !expiresSoon(pair.cert, now);
}

/**
 * ensureAuthority keeps a CA and the certificates it signed while they are valid. A leaf that must be
 * (re)issued needs the CA key; without it (not kept), a new CA is made and every leaf re-issued under it.
 */
function ensureAuthority(label: string, commonName: string, existing: Authority | undefined, leaves: Leaf[], now: Date, result: PkiLog): { authority: Authority; pair: (leaf: Leaf) => KeyPair } {
  const reusable = (leaf: Leaf, authority: Authority): leaf is Leaf & { current: KeyPair } => usable(leaf.current, authority, now) && leaf.fits !== false;
  let authority = existing;
  const valid = authority !== undefined && !expiresSoon(authority.cert, now) && (authority.key === undefined || keyMatches({ cert: authority.cert, key: authority.key }));
  if (!valid) {
    authority = undefined;
  }
  const kept = authority;
  if (kept !== undefined && kept.key === undefined && !leaves.every((leaf) => reusable(leaf, kept))) {
    result.rotated.push(label);
    authority = undefined;
  }
  let signer: KeyPair | undefined;
  if (authority === undefined) {
    signer = createAuthority(commonName, now);
    authority = signer;
    result.issued.push(label);
  } else if (authority.key !== undefined) {
    signer = { cert: authority.cert, key: authority.key };
  }
  const settled = authority;
  const fresh = settled !== existing;
  // pair is called once per leaf, in the order of leaves, so `issued` lists them in that order.
  const pair = (leaf: Leaf): KeyPair => {
    if (!fresh && reusable(leaf, settled)) {
      return leaf.current;
    }
    result.issued.push(leaf.label);
    if (signer === undefined) {
      // Unreachable: a CA without its key is kept only when every leaf is reused.
      throw new Error(`${label}: no key to sign the ${leaf.label}`);
    }
    return issue(signer, leaf.request, now);
  };
  return { authority: settled, pair };
}

const client = (user: { commonName: string; organizations?: readonly string[] }): LeafRequest => ({
  commonName: user.commonName,
  ...(user.organizations ? { organizations: [...user.organizations] } : {}),
  usage: 'client',
});

/**
 * ensurePki reuses what a previous `kubefed init` made, so re-running it changes nothing: CAs, the
 * service-account key and the encryption key are kept while valid, and each certificate is re-issued only
 * when it is missing, not signed by its CA, close to expiry, or (the serving certificate) does not cover a
 * name or address the API server is now reached by.
 */
export function ensurePki(federation: string, existing: ExistingPki, names: ServingNames, now: Date, options: { etcd: boolean } = { etcd: true }): PkiResult {
  const result: PkiLog = { issued: [], rotated: [] };
  const servingLeaf: Leaf = {
    label: 'serving certificate',
    current: existing.server,
    request: { commonName: 'federation-apiserver', usage: 'server', dnsNames: names.dnsNames, ips: names.ips },
    fits: existing.server !== undefined && covers(existing.server.cert, names.dnsNames, names.ips),
  };
  const adminLeaf: Leaf = { label: 'admin client certificate', current: existing.admin, request: client(certificateUsers.admin) };
  const controllerManagerLeaf: Leaf = { label: 'controller-manager client certificate', current: existing.controllerManager, request: client(certificateUsers.controllerManager) };
  const kubeControllerManagerLeaf: Leaf = {
    label: 'kube-controller-manager client certificate',
    current: existing.kubeControllerManager,
    request: client(certificateUsers.kubeControllerManager),
  };
  const main = ensureAuthority('certificate authority', `${federation}-ca`, existing.authority, [servingLeaf, adminLeaf, controllerManagerLeaf, kubeControllerManagerLeaf], now, result);
  const server = main.pair(servingLeaf);
  const admin = main.pair(adminLeaf);
  const controllerManager = main.pair(controllerManagerLeaf);
  const kubeControllerManager = main.pair(kubeControllerManagerLeaf);
  let etcd: EtcdPki | undefined;
  if (options.etcd) {
    const etcdNames = { dnsNames: etcdDnsNames(), ips: ['127.0.0.1'] };
    // etcd's own gRPC gateway connects to etcd with the serving certificate, so it is a client certificate too.
    const member = (label: string, current: KeyPair | undefined, commonName: string): Leaf => ({
      label,
      current,
      request: { commonName, usage: 'peer', ...etcdNames },
      fits: current !== undefined && covers(current.cert, etcdNames.dnsNames, etcdNames.ips),
    });
    const serverLeaf = member('etcd serving certificate', existing.etcd?.server, 'etcd-server');
    const peerLeaf = member('etcd peer certificate', existing.etcd?.peer, 'etcd-peer');
    const clientLeaf: Leaf = { label: 'etcd client certificate', current: existing.etcd?.apiServerClient, request: client(certificateUsers.etcdClient) };
    const issued = ensureAuthority('etcd certificate authority', `${federation}-etcd-ca`, existing.etcd?.authority, [serverLeaf, peerLeaf, clientLeaf], now, result);
    etcd = { authority: issued.authority, server: issued.pair(serverLeaf), peer: issued.pair(peerLeaf), apiServerClient: issued.pair(clientLeaf) };
  }
  let serviceAccount = existing.serviceAccount;
  if (!serviceAccount?.key || !serviceAccount.pub) {
    serviceAccount = serviceAccountKeys();
    result.issued.push('service-account signing key');
  }
  let encryptionKey = existing.encryptionKey;
  if (encryptionKey === undefined || Buffer.from(encryptionKey, 'base64').length !== 32) {
    encryptionKey = randomBytes(32).toString('base64');
    result.issued.push('Secret encryption key');
  }
  const pki: Pki = { authority: main.authority, server, admin, controllerManager, kubeControllerManager, serviceAccount, ...(etcd ? { etcd } : {}), encryptionKey };
  return { pki, ...result };
}

/** digest fingerprints credentials for a pod template annotation, so pods restart when they change. */
export function digest(...values: string[]): string {
  const hash = createHash('sha256');
  values.forEach((value) => hash.update(value).update('\u0000'));
  return hash.digest('hex').slice(0, 16);
}

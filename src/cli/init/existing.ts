import { load } from 'js-yaml';
import type { SecretObject } from '../../members/cluster.js';
import type { KeyPair } from './certificates.js';
import { encryptionKeyOf } from './encryption.js';
import { adminFromKubeconfig, type KubeconfigDocument } from './kubeconfig.js';
import { controlPlane } from './names.js';
import type { Authority, ExistingPki } from './pki.js';

const decode = (value: string | undefined) => (value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8'));

function pair(cert: string | undefined, key: string | undefined): KeyPair | undefined {
  return cert && key ? { cert, key } : undefined;
}

/** clientFromKubeconfigText reads the client certificate of a one-user kubeconfig held in a Secret. */
function clientFromKubeconfigText(text: string | undefined): KeyPair | undefined {
  if (!text) {
    return undefined;
  }
  try {
    const document = load(text) as KubeconfigDocument;
    const name = document.users?.[0]?.name;
    return name ? adminFromKubeconfig(document, name) : undefined;
  } catch {
    return undefined;
  }
}

/** LocalAuthorityKeys are the CA private keys kept on the operator's machine (--keep-ca-key), if any. */
export interface LocalAuthorityKeys {
  authority?: string;
  etcd?: string;
}

function authority(cert: string | undefined, key: string | undefined): Authority | undefined {
  return cert ? { cert, ...(key ? { key } : {}) } : undefined;
}

/**
 * existingPki collects the credentials an earlier `kubefed init` left in the host's Secrets, the admin
 * certificate in the local kubeconfig and the CA keys kept locally, for ensurePki to reuse. A CA key an
 * older kubefed stored in the host (Secret federation-ca) is read once more, so the run that deletes it
 * can still sign with it.
 */
export function existingPki(found: Record<string, SecretObject | undefined>, kubeconfig: KubeconfigDocument | undefined, federation: string, keys: LocalAuthorityKeys = {}): ExistingPki {
  const { secrets, legacyAuthoritySecret } = controlPlane;
  const data = (name: string, key: string) => decode(found[name]?.data?.[key]);
  const etcd = defined({
    authority: authority(data(secrets.etcd, 'ca.crt'), keys.etcd),
    server: pair(data(secrets.etcd, 'server.crt'), data(secrets.etcd, 'server.key')),
    peer: pair(data(secrets.etcd, 'peer.crt'), data(secrets.etcd, 'peer.key')),
    apiServerClient: pair(data(secrets.apiServer, 'etcd-client.crt'), data(secrets.apiServer, 'etcd-client.key')),
  });
  const saKey = data(secrets.apiServer, 'sa.key');
  const saPub = data(secrets.apiServer, 'sa.pub');
  return defined({
    authority: authority(data(secrets.apiServer, 'ca.crt') ?? data(legacyAuthoritySecret, 'ca.crt'), keys.authority ?? data(legacyAuthoritySecret, 'ca.key')),
    server: pair(data(secrets.apiServer, 'server.crt'), data(secrets.apiServer, 'server.key')),
    serviceAccount: saKey && saPub ? { key: saKey, pub: saPub } : undefined,
    controllerManager: clientFromKubeconfigText(data(secrets.controllerManager, 'kubeconfig')),
    kubeControllerManager: clientFromKubeconfigText(data(secrets.kubeControllerManager, 'kubeconfig')),
    admin: adminFromKubeconfig(kubeconfig, federation),
    encryptionKey: encryptionKeyOf(data(secrets.apiServerEncryption, 'encryption-config.yaml')),
    etcd: Object.keys(etcd).length > 0 ? etcd : undefined,
  });
}

/** defined drops the fields that are undefined, so what was not found is absent rather than present-but-empty. */
function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

import { load } from 'js-yaml';
import type { SecretObject } from '../members/cluster.js';
import type { KeyPair } from './certificates.js';
import { adminFromKubeconfig, type KubeconfigDocument } from './kubeconfig.js';
import { controlPlane } from './names.js';
import type { ExistingPki } from './pki.js';

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

/**
 * existingPki collects the credentials an earlier `kubefed init` left in the host's Secrets (and
 * the admin certificate in the local kubeconfig), for ensurePki to reuse.
 */
export function existingPki(found: Record<string, SecretObject | undefined>, kubeconfig: KubeconfigDocument | undefined, federation: string): ExistingPki {
  const { secrets } = controlPlane;
  const data = (name: string, key: string) => decode(found[name]?.data?.[key]);
  const authority = pair(data(secrets.authority, 'ca.crt'), data(secrets.authority, 'ca.key'));
  const server = pair(data(secrets.apiServer, 'server.crt'), data(secrets.apiServer, 'server.key'));
  const saKey = data(secrets.apiServer, 'sa.key');
  const saPub = data(secrets.apiServer, 'sa.pub');
  const controllerManager = clientFromKubeconfigText(data(secrets.controllerManager, 'kubeconfig'));
  const kubeControllerManager = clientFromKubeconfigText(data(secrets.kubeControllerManager, 'kubeconfig'));
  const admin = adminFromKubeconfig(kubeconfig, federation);
  const existing: ExistingPki = {
    ...(authority ? { authority } : {}),
    ...(server ? { server } : {}),
    ...(saKey && saPub ? { serviceAccount: { key: saKey, pub: saPub } } : {}),
    ...(controllerManager ? { controllerManager } : {}),
    ...(kubeControllerManager ? { kubeControllerManager } : {}),
    ...(admin ? { admin } : {}),
  };
  return existing;
}

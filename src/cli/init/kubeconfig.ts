import { yamlDocument } from '../shared/output.js';
import type { KeyPair } from './certificates.js';
import { isJsonObject } from '../../scheduling/go-json.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');

interface Named<T> {
  name: string;
  [field: string]: unknown;
  value?: T;
}

/** KubeconfigDocument is a kubeconfig file as parsed YAML; unknown fields are kept as they are. */
export interface KubeconfigDocument {
  apiVersion?: string;
  kind?: string;
  clusters?: Named<unknown>[];
  users?: Named<unknown>[];
  contexts?: Named<unknown>[];
  'current-context'?: string;
  [field: string]: unknown;
}

/** credentialKubeconfig is a one-context kubeconfig with a client certificate, for a Secret in the host cluster. */
export function credentialKubeconfig(name: string, server: string, authorityPem: string, client: KeyPair): string {
  return yamlDocument({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'certificate-authority-data': base64(authorityPem) } }],
    users: [{ name, user: { 'client-certificate-data': base64(client.cert), 'client-key-data': base64(client.key) } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  });
}

function upsert(list: Named<unknown>[] | undefined, entry: Named<unknown>): Named<unknown>[] {
  const others = (list ?? []).filter((item) => item?.name !== entry.name);
  const index = (list ?? []).findIndex((item) => item?.name === entry.name);
  if (index < 0) {
    return [...others, entry];
  }
  others.splice(index, 0, entry);
  return others;
}

/**
 * withFederationContext adds (or replaces) a cluster, a user and a context all named after the
 * federation, as v1's kubefed init did, leaving every other entry and the current context alone.
 */
export function withFederationContext(document: KubeconfigDocument | undefined, name: string, server: string, authorityPem: string, admin: KeyPair): KubeconfigDocument {
  const current = document ?? { apiVersion: 'v1', kind: 'Config', preferences: {} };
  return {
    ...current,
    apiVersion: current.apiVersion ?? 'v1',
    kind: current.kind ?? 'Config',
    clusters: upsert(current.clusters, { name, cluster: { server, 'certificate-authority-data': base64(authorityPem) } }),
    users: upsert(current.users, { name, user: { 'client-certificate-data': base64(admin.cert), 'client-key-data': base64(admin.key) } }),
    contexts: upsert(current.contexts, { name, context: { cluster: name, user: name } }),
    ...(current['current-context'] ? {} : { 'current-context': name }),
  };
}

/** adminFromKubeconfig reads back the client certificate of the federation's user, to reuse it on re-runs. */
export function adminFromKubeconfig(document: KubeconfigDocument | undefined, name: string): KeyPair | undefined {
  const user: unknown = document?.users?.find((entry) => entry?.name === name)?.user;
  const cert = isJsonObject(user) ? user['client-certificate-data'] : undefined;
  const key = isJsonObject(user) ? user['client-key-data'] : undefined;
  if (typeof cert !== 'string' || typeof key !== 'string' || !cert || !key) {
    return undefined;
  }
  return { cert: Buffer.from(cert, 'base64').toString('utf8'), key: Buffer.from(key, 'base64').toString('utf8') };
}

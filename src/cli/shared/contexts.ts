import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '../../kube/client.js';

/** ContextClient is a client for one kubeconfig context, with the context's name and CA. */
export interface ContextClient {
  context: string;
  client: KubeClient;
  /** certificateAuthority is the context's CA (base64 PEM), undefined when it has none or skips verification. */
  certificateAuthority?: string;
}

/** TlsOverride replaces how a context verifies its server: not at all, or with a given CA (base64 PEM). */
export type TlsOverride = { skipVerify: true } | { certificateAuthority: string };

/** loadUserKubeConfig reads --kubeconfig, or KUBECONFIG / ~/.kube/config as kubectl does. */
export function loadUserKubeConfig(path: string | undefined): KubeConfig {
  const config = new KubeConfig();
  if (path) {
    config.loadFromFile(path);
  } else {
    config.loadFromDefault();
  }
  return config;
}

/** contextClient connects to a named context (or the current one), failing with the list of known contexts. */
export async function contextClient(config: KubeConfig, context: string | undefined, role: string, tls?: TlsOverride): Promise<ContextClient> {
  const name = context ?? config.getCurrentContext();
  const entry = name ? config.getContextObject(name) : undefined;
  if (!name || !entry) {
    const known = config.getContexts().map((candidate) => candidate.name).join(', ') || 'none';
    throw new Error(`${role}: context "${name ?? ''}" not found in kubeconfig (contexts: ${known})`);
  }
  // A copy per context: client-node resolves credentials from the current context at request time.
  const scoped = new KubeConfig();
  scoped.loadFromString(config.exportConfig());
  scoped.setCurrentContext(name);
  const cluster = scoped.getCurrentCluster();
  let certificateAuthority = cluster?.caData;
  if (!certificateAuthority && cluster?.caFile) {
    certificateAuthority = readFileSync(cluster.caFile).toString('base64');
  }
  if (cluster && tls) {
    const replaced = 'skipVerify' in tls ? { ...cluster, caData: undefined, caFile: undefined, skipTLSVerify: true } : { ...cluster, caData: tls.certificateAuthority, caFile: undefined, skipTLSVerify: false };
    scoped.clusters = scoped.clusters.map((candidate) => (candidate.name === cluster.name ? replaced : candidate));
  }
  return {
    context: name,
    client: await KubeClient.create(scoped, { timeoutMs: 30_000 }),
    certificateAuthority: cluster?.skipTLSVerify ? undefined : certificateAuthority,
  };
}

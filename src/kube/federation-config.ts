import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

const serviceAccountToken = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * loadKubeConfig picks the federation API server's client configuration: an explicit kubeconfig (and
 * context), else the in-cluster service account, else the usual KUBECONFIG / ~/.kube/config lookup.
 */
export function loadKubeConfig(options: { kubeconfig?: string; context?: string }): KubeConfig {
  const config = new KubeConfig();
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig)) {
      throw new Error(`kubeconfig ${options.kubeconfig} does not exist`);
    }
    config.loadFromFile(options.kubeconfig);
  } else if (!options.context && existsSync(serviceAccountToken) && process.env.KUBERNETES_SERVICE_HOST) {
    config.loadFromCluster();
  } else {
    config.loadFromDefault();
  }
  if (options.context) {
    if (!config.getContextObject(options.context)) {
      const known = config.getContexts().map((context) => context.name).join(', ') || 'none';
      throw new Error(`context "${options.context}" not found in kubeconfig (contexts: ${known})`);
    }
    config.setCurrentContext(options.context);
  }
  if (!config.getCurrentCluster()) {
    throw new Error('no cluster in the kubeconfig: pass --kubeconfig and --context, or run in-cluster');
  }
  return config;
}

import { describe, expect, test } from '@jest/globals';
import { KubeConfig, loadYaml } from '@kubernetes/client-node';
import { kubeconfigDocument, renderKubeconfig, userName, type KubeconfigCluster } from '../../../../src/cli/lab/kubeconfig.js';

const authority = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const clusters: KubeconfigCluster[] = [
  { name: 'master-control', server: 'https://127.0.0.1:6443', certificateAuthority: authority, token: 'federation-token' },
  { name: 'gcek8s', server: 'https://127.0.0.1:6444', certificateAuthority: authority, token: 'gcek8s-token' },
];

describe('renderKubeconfig', () => {
  test('names cluster and context exactly as the cluster, with a unique user each and the federation current', () => {
    const config = new KubeConfig();
    config.loadFromString(renderKubeconfig(clusters, 'master-control'));
    expect(config.getContexts().map((context) => [context.name, context.cluster, context.user])).toEqual([
      ['master-control', 'master-control', 'master-control-admin'],
      ['gcek8s', 'gcek8s', 'gcek8s-admin'],
    ]);
    expect(config.getCurrentContext()).toBe('master-control');
    expect(config.getUser(userName('gcek8s'))?.token).toBe('gcek8s-token');
  });

  test('embeds the CA and never skips TLS verification', () => {
    const document = loadYaml<ReturnType<typeof kubeconfigDocument>>(renderKubeconfig(clusters, 'gcek8s'));
    for (const entry of document.clusters) {
      expect(Buffer.from(entry.cluster['certificate-authority-data'], 'base64').toString()).toBe(authority);
      expect(entry.cluster).not.toHaveProperty('insecure-skip-tls-verify');
    }
    const config = new KubeConfig();
    config.loadFromString(renderKubeconfig(clusters, 'gcek8s'));
    expect(config.getCurrentCluster()).toMatchObject({ server: 'https://127.0.0.1:6444', skipTLSVerify: false });
  });

  test('refuses a current context that is not a cluster', () => {
    expect(() => renderKubeconfig(clusters, 'elsewhere')).toThrow(/elsewhere/);
  });
});

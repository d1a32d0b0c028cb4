import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { adminFromKubeconfig, credentialKubeconfig, type KubeconfigDocument, withFederationContext } from '../../../../src/cli/init/kubeconfig.js';

const admin = { cert: '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n', key: '-----BEGIN PRIVATE KEY-----\nBBB\n-----END PRIVATE KEY-----\n' };
const ca = '-----BEGIN CERTIFICATE-----\nCCC\n-----END CERTIFICATE-----\n';
const b64 = (text: string) => Buffer.from(text).toString('base64');

const existing: KubeconfigDocument = {
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'gcek8s', cluster: { server: 'https://192.0.2.1' } }, { name: 'fed', cluster: { server: 'https://old' } }],
  users: [{ name: 'gcek8s', user: { token: 't' } }],
  contexts: [{ name: 'gcek8s', context: { cluster: 'gcek8s', user: 'gcek8s' } }],
  'current-context': 'gcek8s',
  preferences: { colors: true },
};

describe('withFederationContext', () => {
  it('adds a cluster, user and context named after the federation and keeps everything else', () => {
    const merged = withFederationContext(existing, 'fed', 'https://198.51.100.4', ca, admin);
    expect(merged['current-context']).toBe('gcek8s');
    expect(merged.preferences).toEqual({ colors: true });
    expect(merged.clusters).toEqual([
      { name: 'gcek8s', cluster: { server: 'https://192.0.2.1' } },
      { name: 'fed', cluster: { server: 'https://198.51.100.4', 'certificate-authority-data': b64(ca) } },
    ]);
    expect(merged.users).toEqual([
      { name: 'gcek8s', user: { token: 't' } },
      { name: 'fed', user: { 'client-certificate-data': b64(admin.cert), 'client-key-data': b64(admin.key) } },
    ]);
    expect(merged.contexts?.map((context) => context.name)).toEqual(['gcek8s', 'fed']);
    expect(existing.clusters?.[1]).toEqual({ name: 'fed', cluster: { server: 'https://old' } });
  });

  it('starts a new file with the federation as current context', () => {
    const created = withFederationContext(undefined, 'fed', 'https://198.51.100.4', ca, admin);
    expect(created).toMatchObject({ apiVersion: 'v1', kind: 'Config', 'current-context': 'fed' });
  });

  it('reads the admin certificate back for the next run', () => {
    expect(adminFromKubeconfig(withFederationContext(existing, 'fed', 'https://x', ca, admin), 'fed')).toEqual(admin);
    expect(adminFromKubeconfig(existing, 'gcek8s')).toBeUndefined();
  });
});

describe('credentialKubeconfig', () => {
  it('is a one-context kubeconfig with a client certificate', () => {
    const document = load(credentialKubeconfig('fed', 'https://apiserver.federation-system.svc', ca, admin)) as KubeconfigDocument;
    expect(document['current-context']).toBe('fed');
    expect(adminFromKubeconfig(document, 'fed')).toEqual(admin);
    expect(document.clusters).toEqual([{ name: 'fed', cluster: { server: 'https://apiserver.federation-system.svc', 'certificate-authority-data': b64(ca) } }]);
  });
});

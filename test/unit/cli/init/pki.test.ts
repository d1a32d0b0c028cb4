import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { covers, createAuthority, expiresSoon, inspect, issue, keyMatches, signedBy } from '../../../../src/cli/init/certificates.js';
import { existingPki } from '../../../../src/cli/init/existing.js';
import { credentialSecrets } from '../../../../src/cli/init/host-objects.js';
import { withFederationContext } from '../../../../src/cli/init/kubeconfig.js';
import { digest, ensurePki } from '../../../../src/cli/init/pki.js';
import type { SecretObject } from '../../../../src/members/cluster.js';

const now = new Date('2026-06-01T00:00:00Z');
const names = { dnsNames: ['apiserver', 'apiserver.federation-system.svc'], ips: ['127.0.0.1', '192.0.2.10'] };
// RSA key generation is the slow part; one authority serves most tests.
const authority = createAuthority('test-ca', now);
const first = ensurePki('fed', {}, names, now);

describe('certificates', () => {
  it('makes a CA that signs server and client certificates node:crypto accepts', () => {
    const ca = new X509Certificate(authority.cert);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=test-ca');
    const server = issue(authority, { commonName: 'federation-apiserver', usage: 'server', dnsNames: ['apiserver'], ips: ['192.0.2.1'] }, now);
    const parsed = new X509Certificate(server.cert);
    expect(parsed.ca).toBe(false);
    expect(parsed.checkHost('apiserver')).toBe('apiserver');
    expect(parsed.checkIP('192.0.2.1')).toBe('192.0.2.1');
    expect(parsed.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(signedBy(server.cert, authority.cert)).toBe(true);
    expect(keyMatches(server)).toBe(true);
  });

  it('puts groups in O and the user in CN of a client certificate', () => {
    const client = issue(authority, { commonName: 'kubefed-admin', organizations: ['system:masters'], usage: 'client' }, now);
    const parsed = new X509Certificate(client.cert);
    expect(parsed.subject.split('\n')).toEqual(['O=system:masters', 'CN=kubefed-admin']);
    expect(parsed.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
    expect(inspect(client.cert).dnsNames).toEqual([]);
  });

  it('tells coverage, issuer, key and expiry apart', () => {
    const server = first.pki.server;
    expect(covers(server.cert, names.dnsNames, names.ips)).toBe(true);
    expect(covers(server.cert, ['other'], [])).toBe(false);
    expect(covers(server.cert, [], ['192.0.2.99'])).toBe(false);
    expect(signedBy(server.cert, authority.cert)).toBe(false);
    expect(keyMatches({ cert: server.cert, key: first.pki.admin.key })).toBe(false);
    expect(expiresSoon(server.cert, now)).toBe(false);
    expect(expiresSoon(server.cert, new Date(now.getTime() + 340 * 86_400_000))).toBe(true);
  });
});

describe('ensurePki', () => {
  it('issues everything the first time', () => {
    expect(first.issued).toEqual([
      'certificate authority',
      'serving certificate',
      'admin client certificate',
      'controller-manager client certificate',
      'kube-controller-manager client certificate',
      'etcd certificate authority',
      'etcd serving certificate',
      'etcd peer certificate',
      'etcd client certificate',
      'service-account signing key',
      'Secret encryption key',
    ]);
    expect(first.rotated).toEqual([]);
    expect(inspect(first.pki.authority.cert).subject).toBe('CN=fed-ca');
    expect(inspect(first.pki.etcd!.authority.cert).subject).toBe('CN=fed-etcd-ca');
    expect(inspect(first.pki.kubeControllerManager.cert).subject).toBe('CN=system:kube-controller-manager');
    for (const pair of [first.pki.server, first.pki.admin, first.pki.controllerManager, first.pki.kubeControllerManager]) {
      expect(signedBy(pair.cert, first.pki.authority.cert)).toBe(true);
    }
  });

  const secrets: Record<string, SecretObject> = Object.fromEntries(credentialSecrets('fed', first.pki).map((secret) => [secret.metadata.name ?? '', secret as SecretObject]));
  const kubeconfig = withFederationContext(undefined, 'fed', 'https://192.0.2.10', first.pki.authority.cert, first.pki.admin);
  const withoutKeys = { ...first.pki, authority: { cert: first.pki.authority.cert }, etcd: { ...first.pki.etcd!, authority: { cert: first.pki.etcd!.authority.cert } } };

  it('reuses everything on a re-run, read back from the Secrets and the kubeconfig it wrote, without needing a CA key', () => {
    const again = ensurePki('fed', existingPki(secrets, kubeconfig, 'fed'), names, now);
    expect(again.issued).toEqual([]);
    expect(again.pki).toEqual(withoutKeys);
  });

  it('reads the CA keys kept locally, and the one an older kubefed left in the host', () => {
    const local = existingPki(secrets, kubeconfig, 'fed', { authority: first.pki.authority.key, etcd: first.pki.etcd!.authority.key });
    expect(local.authority).toEqual(first.pki.authority);
    expect(local.etcd?.authority).toEqual(first.pki.etcd!.authority);
    const legacy = { 'federation-ca': credentialSecrets('fed', first.pki)[0] as SecretObject };
    legacy['federation-ca'] = { ...legacy['federation-ca'], data: { 'ca.crt': Buffer.from(first.pki.authority.cert).toString('base64'), 'ca.key': Buffer.from(first.pki.authority.key!).toString('base64') } };
    expect(existingPki({ ...secrets, ...legacy }, kubeconfig, 'fed').authority).toEqual(first.pki.authority);
  });

  it('re-issues only the serving certificate when the API server gets a new address', () => {
    const again = ensurePki('fed', first.pki, { ...names, ips: [...names.ips, '198.51.100.7'] }, now);
    expect(again.issued).toEqual(['serving certificate']);
    expect(again.pki.authority).toEqual(first.pki.authority);
    expect(again.pki.admin).toEqual(first.pki.admin);
    expect(covers(again.pki.server.cert, [], ['198.51.100.7'])).toBe(true);
  });

  it('renews leaves close to expiry, and re-issues everything under a new CA', () => {
    const later = new Date(now.getTime() + 350 * 86_400_000);
    const renewed = ensurePki('fed', first.pki, names, later);
    expect(renewed.issued).toEqual([
      'serving certificate',
      'admin client certificate',
      'controller-manager client certificate',
      'kube-controller-manager client certificate',
      'etcd serving certificate',
      'etcd peer certificate',
      'etcd client certificate',
    ]);
    expect(renewed.pki.authority).toEqual(first.pki.authority);
    const { authority: _lost, ...withoutAuthority } = first.pki;
    expect(ensurePki('fed', withoutAuthority, names, now).issued).toHaveLength(5);
  });

  it('makes a new CA to issue a certificate when the CA key was not kept, and says so', () => {
    const moved = ensurePki('fed', withoutKeys, { ...names, ips: [...names.ips, '198.51.100.7'] }, now);
    expect(moved.rotated).toEqual(['certificate authority']);
    expect(moved.issued.slice(0, 5)).toEqual(['certificate authority', 'serving certificate', 'admin client certificate', 'controller-manager client certificate', 'kube-controller-manager client certificate']);
    expect(moved.pki.authority.cert).not.toBe(first.pki.authority.cert);
    expect(signedBy(moved.pki.admin.cert, moved.pki.authority.cert)).toBe(true);
    expect(moved.pki.etcd).toEqual(withoutKeys.etcd);
    expect(moved.pki.encryptionKey).toBe(first.pki.encryptionKey);
  });

  it('digest changes with any input', () => {
    expect(digest('a', 'b')).toBe(digest('a', 'b'));
    expect(digest('a', 'b')).not.toBe(digest('ab'));
    expect(digest('a')).toHaveLength(16);
  });
});

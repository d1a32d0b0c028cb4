import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { covers, createAuthority, expiresSoon, inspect, issue, keyMatches, signedBy } from '../../../src/init/certificates.js';
import { existingPki } from '../../../src/init/existing.js';
import { credentialSecrets } from '../../../src/init/host-objects.js';
import { withFederationContext } from '../../../src/init/kubeconfig.js';
import { digest, ensurePki } from '../../../src/init/pki.js';
import type { SecretObject } from '../../../src/members/cluster.js';

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
      'service-account signing key',
    ]);
    expect(inspect(first.pki.authority.cert).subject).toBe('CN=fed-ca');
    expect(inspect(first.pki.kubeControllerManager.cert).subject).toBe('CN=system:kube-controller-manager');
    for (const pair of [first.pki.server, first.pki.admin, first.pki.controllerManager, first.pki.kubeControllerManager]) {
      expect(signedBy(pair.cert, first.pki.authority.cert)).toBe(true);
    }
  });

  it('reuses everything on a re-run, read back from the Secrets and the kubeconfig it wrote', () => {
    const secrets: Record<string, SecretObject> = Object.fromEntries(
      credentialSecrets('fed', first.pki).map((secret) => [secret.metadata.name ?? '', secret as SecretObject]),
    );
    const kubeconfig = withFederationContext(undefined, 'fed', 'https://192.0.2.10', first.pki.authority.cert, first.pki.admin);
    const again = ensurePki('fed', existingPki(secrets, kubeconfig, 'fed'), names, now);
    expect(again.issued).toEqual([]);
    expect(again.pki).toEqual(first.pki);
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
    expect(ensurePki('fed', first.pki, names, later).issued).toEqual([
      'serving certificate',
      'admin client certificate',
      'controller-manager client certificate',
      'kube-controller-manager client certificate',
    ]);
    const { authority: _lost, ...withoutAuthority } = first.pki;
    expect(ensurePki('fed', withoutAuthority, names, now).issued).toHaveLength(5);
  });

  it('digest changes with any input', () => {
    expect(digest('a', 'b')).toBe(digest('a', 'b'));
    expect(digest('a', 'b')).not.toBe(digest('ab'));
    expect(digest('a')).toHaveLength(16);
  });
});

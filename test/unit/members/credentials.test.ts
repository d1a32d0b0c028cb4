import { describe, expect, it } from '@jest/globals';
import type { ClusterObject, SecretObject } from '../../../src/members/cluster.js';
import { CredentialsError, memberKubeConfig } from '../../../src/members/credentials.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

const cluster: ClusterObject = {
  metadata: { name: 'east' },
  spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.1.2.3:6443' }], secretRef: { name: 'east-credentials' } },
};

const secret = (data: Record<string, string>): SecretObject => ({ metadata: { name: 'east-credentials', namespace: 'federation-system' }, data });

function kubeconfig(options: { insecure?: boolean; currentContext?: string } = {}): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: member
  cluster:
    server: https://somewhere-else:443
    certificate-authority-data: ${b64(caPem)}
${options.insecure ? '    insecure-skip-tls-verify: true\n' : ''}users:
- name: admin
  user:
    token: kubeconfig-token
contexts:
- name: ctx
  context:
    cluster: member
    user: admin
${options.currentContext === undefined ? 'current-context: ctx' : `current-context: "${options.currentContext}"`}
`;
}

describe('memberKubeConfig with a token and CA', () => {
  it("connects to the Cluster's address with the token, verifying TLS with the member CA", () => {
    const config = memberKubeConfig(cluster, secret({ token: b64('sa-token'), 'ca.crt': b64(caPem) }), false);
    expect(config.getCurrentCluster()).toMatchObject({ name: 'east', server: 'https://10.1.2.3:6443', caData: b64(caPem), skipTLSVerify: false });
    expect(config.getCurrentUser()?.token).toBe('sa-token');
  });

  it('skips TLS verification only when the operator asks', () => {
    const config = memberKubeConfig(cluster, secret({ token: b64('sa-token') }), true);
    expect(config.getCurrentCluster()?.skipTLSVerify).toBe(true);
  });
});

describe('memberKubeConfig with a kubeconfig', () => {
  it("uses the kubeconfig's credentials and CA, but the Cluster's address", () => {
    const config = memberKubeConfig(cluster, secret({ kubeconfig: b64(kubeconfig()) }), false);
    expect(config.getCurrentCluster()).toMatchObject({ name: 'east', server: 'https://10.1.2.3:6443', caData: b64(caPem), skipTLSVerify: false });
    expect(config.getCurrentUser()?.token).toBe('kubeconfig-token');
  });

  it('skips TLS verification when the operator asks', () => {
    const config = memberKubeConfig(cluster, secret({ kubeconfig: b64(kubeconfig()) }), true);
    expect(config.getCurrentCluster()?.skipTLSVerify).toBe(true);
  });

  it('verifies TLS even if the stored kubeconfig says to skip it, unless the operator asks', () => {
    const config = memberKubeConfig(cluster, secret({ kubeconfig: b64(kubeconfig({ insecure: true })) }), false);
    expect(config.getCurrentCluster()?.skipTLSVerify).toBe(false);
  });
});

describe('memberKubeConfig with missing pieces', () => {
  it.each<[string, ClusterObject, SecretObject | undefined, RegExp]>([
    ['no server address', { ...cluster, spec: { secretRef: { name: 'east-credentials' } } }, secret({ token: b64('t'), 'ca.crt': b64(caPem) }), /cluster east: spec.serverAddressByClientCIDRs has no server address/],
    ['no secret', cluster, undefined, /cluster east: credentials secret east-credentials not found/],
    ['no token', cluster, secret({ 'ca.crt': b64(caPem) }), /cluster east: secret east-credentials needs "token" and "ca.crt" \(or "kubeconfig"\)/],
    ['no CA without the insecure flag', cluster, secret({ token: b64('t') }), /needs "token" and "ca.crt"/],
    ['no data at all', cluster, { metadata: { name: 'east-credentials' } }, /needs "token" and "ca.crt"/],
    ['a kubeconfig without a current context', cluster, secret({ kubeconfig: b64(kubeconfig({ currentContext: '' })) }), /cluster east: the kubeconfig in secret east-credentials has no usable current context/],
    ['a kubeconfig naming an unknown context', cluster, secret({ kubeconfig: b64(kubeconfig({ currentContext: 'nope' })) }), /no usable current context/],
  ])('fails with a CredentialsError for %s', (_name, clusterObject, secretObject, message) => {
    const build = () => memberKubeConfig(clusterObject, secretObject, false);
    expect(build).toThrow(CredentialsError);
    expect(build).toThrow(message);
  });

  it('never puts the token into the error message', () => {
    expect(() => memberKubeConfig(cluster, secret({ token: b64('very-secret-token') }), false)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('very-secret-token') }),
    );
  });
});

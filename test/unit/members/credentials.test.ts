import { describe, expect, it } from '@jest/globals';
import type { ClusterObject, SecretObject } from '../../../src/members/cluster.js';
import { credentialValues, CredentialsError, memberKubeConfig } from '../../../src/members/credentials.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const keyPem = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKey0fTheMember0nly\n-----END EC PRIVATE KEY-----\n';

const cluster: ClusterObject = {
  metadata: { name: 'east' },
  spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.1.2.3:6443' }], secretRef: { name: 'east-credentials' } },
};

const secret = (data: Record<string, string>): SecretObject => ({ metadata: { name: 'east-credentials', namespace: 'federation-system' }, data });

function kubeconfig(options: { currentContext?: string; user?: string } = {}): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: member
  cluster:
    server: https://somewhere-else:443
    certificate-authority-data: ${b64(caPem)}
users:
- name: admin
  user:
${options.user ?? '    token: kubeconfig-token'}
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
    expect(config.getCurrentUser()).toEqual({ name: 'kubefed-member-east', token: 'sa-token' });
  });

  it('goes without a CA only when the operator turned verification off', () => {
    const config = memberKubeConfig(cluster, secret({ token: b64('sa-token') }), true);
    expect(config.getCurrentCluster()?.skipTLSVerify).toBe(true);
  });
});

describe('memberKubeConfig with a kubeconfig', () => {
  it("takes the kubeconfig's inline credentials and CA, but the Cluster's address, and nothing else", () => {
    const config = memberKubeConfig(cluster, secret({ kubeconfig: b64(kubeconfig()) }), false);
    expect(config.getCurrentCluster()).toMatchObject({ name: 'east', server: 'https://10.1.2.3:6443', caData: b64(caPem), skipTLSVerify: false });
    expect(config.getCurrentUser()).toEqual({ name: 'kubefed-member-east', token: 'kubeconfig-token' });
  });

  it('takes a client certificate and key given as data', () => {
    const user = `    client-certificate-data: ${b64(caPem)}\n    client-key-data: ${b64(keyPem)}`;
    const config = memberKubeConfig(cluster, secret({ kubeconfig: b64(kubeconfig({ user })) }), false);
    expect(config.getCurrentUser()).toEqual({ name: 'kubefed-member-east', certData: b64(caPem), keyData: b64(keyPem) });
  });

  it('skips TLS verification when the operator asks', () => {
    const config = memberKubeConfig(cluster, secret({ kubeconfig: b64(kubeconfig()) }), true);
    expect(config.getCurrentCluster()?.skipTLSVerify).toBe(true);
  });
});

describe('memberKubeConfig refusing credentials', () => {
  it.each<[string, SecretObject, string]>([
    ['an exec plugin', secret({ kubeconfig: b64(kubeconfig({ user: '    exec:\n      command: /bin/sh\n      apiVersion: client.authentication.k8s.io/v1' })) }), "user.exec is refused"],
    ['a token file', secret({ kubeconfig: b64(kubeconfig({ user: '    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token' })) }), 'user.tokenFile is refused'],
    ['no CA (no fallback to the public roots)', secret({ token: b64('sa-token') }), 'there is no CA certificate'],
    ['an empty CA', secret({ token: b64('sa-token'), 'ca.crt': '' }), 'there is no CA certificate'],
    ['a CA that is no certificate', secret({ token: b64('sa-token'), 'ca.crt': b64('not a certificate') }), 'holds no PEM certificate'],
    ['no token', secret({ 'ca.crt': b64(caPem) }), 'neither a token nor a client certificate'],
    ['a kubeconfig without a current context', secret({ kubeconfig: b64(kubeconfig({ currentContext: '' })) }), 'no usable current context'],
    ['a kubeconfig naming an unknown context', secret({ kubeconfig: b64(kubeconfig({ currentContext: 'nope' })) }), 'no usable current context'],
  ])('refuses %s: Ready=False with CredentialsRejected, naming what is wrong', (_name, secretObject, message) => {
    const build = () => memberKubeConfig(cluster, secretObject, false);
    expect(build).toThrow(expect.objectContaining({ reason: 'CredentialsRejected', message: expect.stringContaining(`cluster east: credentials secret east-credentials: `) }));
    expect(build).toThrow(message);
  });

  it.each<[string, ClusterObject, SecretObject | undefined, RegExp]>([
    ['no server address', { ...cluster, spec: { secretRef: { name: 'east-credentials' } } }, secret({ token: b64('t'), 'ca.crt': b64(caPem) }), /cluster east: spec.serverAddressByClientCIDRs has no server address/],
    ['no secret', cluster, undefined, /cluster east: credentials secret east-credentials not found/],
  ])('reports %s as ClusterCredentialsInvalid', (_name, clusterObject, secretObject, message) => {
    const build = () => memberKubeConfig(clusterObject, secretObject, false);
    expect(build).toThrow(CredentialsError);
    expect(build).toThrow(expect.objectContaining({ reason: 'ClusterCredentialsInvalid' }));
    expect(build).toThrow(message);
  });

  it('never puts a token into the error message', () => {
    const values = ['very-secret-token', 'kubeconfig-token'];
    const secrets = [
      secret({ token: b64('very-secret-token') }),
      secret({ kubeconfig: b64(kubeconfig({ user: '    token: kubeconfig-token\n    exec:\n      command: steal' })) }),
      secret({ kubeconfig: b64(kubeconfig({ user: '    token: kubeconfig-token\n   broken: [' })) }),
    ];
    for (const candidate of secrets) {
      expect(() => memberKubeConfig(cluster, candidate, false)).toThrow(expect.objectContaining({ message: expect.not.stringMatching(values.join('|')) }));
    }
  });
});

describe('credentialValues', () => {
  it('lists the token and the client key in every form a message could quote, for the redactor', () => {
    const user = `    token: kubeconfig-token\n    client-certificate-data: ${b64(caPem)}\n    client-key-data: ${b64(keyPem)}`;
    const values = credentialValues(memberKubeConfig(cluster, secret({ kubeconfig: b64(kubeconfig({ user })) }), false));
    expect(values).toEqual(expect.arrayContaining(['kubeconfig-token', b64(keyPem), keyPem, 'MHcCAQEEIKey0fTheMember0nly']));
    expect(values).not.toContain(b64(caPem));
  });
});

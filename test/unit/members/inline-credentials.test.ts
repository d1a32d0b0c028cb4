import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkCredentials, CredentialsRejected, kubeconfigCredentials, tokenCredentials } from '../../../src/members/inline-credentials.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const caData = b64('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

/** A kubeconfig whose current context's cluster and user get the extra lines given. */
function kubeconfig(cluster: string, user: string, top = ''): string {
  return `apiVersion: v1
kind: Config
preferences: {}
${top}clusters:
- name: member
  cluster:
    server: https://member:6443
    certificate-authority-data: ${caData}
${cluster}users:
- name: admin
  user:
    token: inline-token
${user}contexts:
- name: ctx
  context:
    cluster: member
    user: admin
    namespace: default
current-context: ctx
`;
}

describe('kubeconfigCredentials', () => {
  it('takes inline data and nothing else', () => {
    expect(kubeconfigCredentials(kubeconfig('    tls-server-name: member.internal\n', ''))).toEqual({
      token: 'inline-token',
      certificateAuthorityData: caData,
      tlsServerName: 'member.internal',
    });
  });

  it.each<[string, string, string, string]>([
    ['an exec plugin', '', '    exec:\n      command: /bin/sh\n      args: ["-c", "touch /tmp/pwned"]\n', 'user.exec'],
    ['an auth provider', '', '    auth-provider:\n      name: oidc\n', 'user.auth-provider'],
    ['a token file', '', '    tokenFile: /etc/shadow\n', 'user.tokenFile'],
    ['a client key path', '', '    client-key: /etc/kubefed/key.pem\n', 'user.client-key'],
    ['a client certificate path', '', '    client-certificate: /etc/kubefed/cert.pem\n', 'user.client-certificate'],
    ['a username and password', '', '    username: admin\n    password: hunter22\n', 'user.username, user.password'],
    ['impersonation', '', '    as: system:admin\n    as-groups: ["system:masters"]\n', 'user.as, user.as-groups'],
    ['a CA path', '    certificate-authority: /etc/passwd\n', '', 'cluster.certificate-authority'],
    ['a proxy', '    proxy-url: socks5://attacker:1080\n', '', 'cluster.proxy-url'],
    ['skipping verification', '    insecure-skip-tls-verify: true\n', '', 'cluster.insecure-skip-tls-verify'],
    ['a field kubefed does not know', '', '    something-new: yes\n', 'user.something-new'],
    ['a field with an odd name', '', '    "$(rm -rf /)": x\n', 'user.(a field with an unusual name)'],
    ['a token that is not a string', '', '', 'user.token (not a string)'],
  ])('refuses %s, naming the field and never its value', (_name, cluster, user, fields) => {
    const text = _name.startsWith('a token that') ? kubeconfig(cluster, user).replace('token: inline-token', 'token: [1, 2]') : kubeconfig(cluster, user);
    const read = () => kubeconfigCredentials(text);
    expect(read).toThrow(CredentialsRejected);
    expect(read).toThrow(`the kubeconfig's ${fields} `);
    expect(read).toThrow('kubefed accepts only inline token, client-certificate-data with client-key-data, certificate-authority-data and tls-server-name');
    expect(read).toThrow(expect.objectContaining({ message: expect.not.stringMatching(/touch|oidc|shadow|\/etc|hunter22|system:|attacker|inline-token/) }));
  });

  it('refuses a YAML merge key, which could bring in any field', () => {
    const text = kubeconfig('', '    <<: *plugin\n', 'x-plugin: &plugin\n  exec: {command: /bin/sh}\n');
    expect(() => kubeconfigCredentials(text)).toThrow("the kubeconfig's x-plugin, user.(a field with an unusual name) are refused");
  });

  it('allows an explicit insecure-skip-tls-verify: false', () => {
    expect(kubeconfigCredentials(kubeconfig('    insecure-skip-tls-verify: false\n', '')).token).toBe('inline-token');
  });

  it('refuses an unknown top-level field', () => {
    expect(() => kubeconfigCredentials(kubeconfig('', '', 'x-plugin: {}\n'))).toThrow("the kubeconfig's x-plugin is refused");
  });

  it('reports a parse error by line number only, never the excerpt with the neighbouring lines', () => {
    const text = 'apiVersion: v1\nusers:\n- name: admin\n  user:\n    token: neighbour-token-value\n   broken: [\n';
    expect(() => kubeconfigCredentials(text)).toThrow(new CredentialsRejected('the kubeconfig is not valid YAML (line 6)'));
  });

  it('refuses an empty kubeconfig', () => {
    expect(() => kubeconfigCredentials(' \n')).toThrow('the kubeconfig is empty');
  });

  it.each(['- a list', 'just text', 'null'])('refuses %j, which is not a kubeconfig', (text) => {
    expect(() => kubeconfigCredentials(text)).toThrow('the kubeconfig is not a YAML mapping');
  });

  it('never throws anything but CredentialsRejected, and never quotes the input, whatever the text', () => {
    const marker = 'Zq9secretMarkerZq9';
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (before, after) => {
        try {
          kubeconfigCredentials(`${before}\ntoken: ${marker}\n${after}`);
        } catch (error) {
          expect(error).toBeInstanceOf(CredentialsRejected);
          expect((error as Error).message).not.toContain(marker);
        }
      }),
    );
  });
});

describe('tokenCredentials', () => {
  it('decodes the token and keeps the CA as data', () => {
    expect(tokenCredentials({ token: b64('sa-token\n'), 'ca.crt': caData, namespace: b64('kube-system') })).toEqual({ token: 'sa-token', certificateAuthorityData: caData });
  });

  it('treats empty values as absent', () => {
    expect(tokenCredentials({ token: '', 'ca.crt': '' })).toEqual({ token: undefined, certificateAuthorityData: undefined });
  });
});

describe('checkCredentials', () => {
  it.each<[string, Parameters<typeof checkCredentials>[0], boolean, string | undefined]>([
    ['a token and a CA', { token: 't0ken', certificateAuthorityData: caData }, false, undefined],
    ['a client certificate and key and a CA', { clientCertificateData: 'Y2VydA==', clientKeyData: 'a2V5', certificateAuthorityData: caData }, false, undefined],
    ['a token without a CA, verification off', { token: 't0ken' }, true, undefined],
    ['a token without a CA', { token: 't0ken' }, false, 'there is no CA certificate'],
    ['a CA that holds no certificate', { token: 't0ken', certificateAuthorityData: b64('garbage') }, false, 'holds no PEM certificate'],
    ['a certificate without its key', { clientCertificateData: 'Y2VydA==', certificateAuthorityData: caData }, false, 'client-key-data is missing'],
    ['a key without its certificate', { clientKeyData: 'a2V5', certificateAuthorityData: caData }, false, 'client-certificate-data is missing'],
    ['nothing to authenticate with', { certificateAuthorityData: caData }, false, 'neither a token nor a client certificate'],
    ['a token with a line break (a header injection)', { token: 'a\r\nX-Evil: 1', certificateAuthorityData: caData }, false, 'characters a bearer token cannot'],
    ['a server name that is no host name', { token: 't0ken', certificateAuthorityData: caData, tlsServerName: 'a b' }, false, 'tls-server-name is not a host name'],
  ])('%s', (_name, credentials, insecure, message) => {
    if (message === undefined) {
      expect(() => checkCredentials(credentials, insecure)).not.toThrow();
    } else {
      expect(() => checkCredentials(credentials, insecure)).toThrow(message);
    }
  });
});

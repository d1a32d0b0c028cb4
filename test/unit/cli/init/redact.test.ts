import { describe, expect, it } from '@jest/globals';
import { encryptionConfiguration, encryptionKeyOf } from '../../../../src/cli/init/encryption.js';
import { redactKeyMaterial, redactSecrets } from '../../../../src/cli/init/redact.js';

const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n';
const certificate = '-----BEGIN CERTIFICATE-----\nMIIC+zCCAeOgAwIBAgIQ\n-----END CERTIFICATE-----\n';

describe('redactKeyMaterial', () => {
  it.each([
    ['a PEM private key', key, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'],
    ['an RSA PEM private key', key.replaceAll('PRIVATE KEY', 'RSA PRIVATE KEY'), 'BKcwggSjAgEAAoIBAQC7'],
    ['a kubeconfig client key', 'users:\n- name: admin\n  user:\n    client-certificate-data: Y2VydA==\n    client-key-data: a2V5a2V5a2V5\n', 'a2V5a2V5a2V5'],
    ['an encryption key', encryptionConfiguration('c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MDE='), 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MDE='],
  ])('blanks %s', (_case, text, material) => {
    const redacted = redactKeyMaterial(text);
    expect(redacted).not.toContain(material);
    expect(redacted).toContain('(redacted: kubefed init generates it when it runs)');
  });

  it('keeps certificates and everything else', () => {
    expect(redactKeyMaterial(certificate)).toBe(certificate);
    expect(redactKeyMaterial('client-certificate-data: Y2VydA==\n')).toBe('client-certificate-data: Y2VydA==\n');
  });
});

describe('redactSecrets', () => {
  it('changes only Secret data, which stays base64', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { 'tls.key': Buffer.from(key).toString('base64'), 'tls.crt': Buffer.from(certificate).toString('base64') } };
    const other = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'tls.key': key } };
    const [redacted, untouched] = redactSecrets([secret, other]) as [typeof secret, typeof other];
    expect(Buffer.from(redacted.data['tls.key'], 'base64').toString()).toMatch(/^-----BEGIN PRIVATE KEY-----\n\(redacted/);
    expect(redacted.data['tls.crt']).toBe(secret.data['tls.crt']);
    expect(untouched).toBe(other);
  });
});

describe('the encryption configuration', () => {
  it('gives its key back, and nothing for what it did not write', () => {
    const generated = 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MDE=';
    expect(encryptionKeyOf(encryptionConfiguration(generated))).toBe(generated);
    expect(encryptionKeyOf(undefined)).toBeUndefined();
    expect(encryptionKeyOf(': not yaml [')).toBeUndefined();
    expect(encryptionKeyOf('kind: EncryptionConfiguration\nresources: []\n')).toBeUndefined();
  });
});

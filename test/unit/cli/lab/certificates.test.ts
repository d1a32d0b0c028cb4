import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { pemCertificates, renderTokenFile, serviceAccountKey, servingAuthority } from '../../../../src/cli/lab/certificates.js';

// A certificate file as kube-apiserver 1.37 writes it into --cert-dir: the serving certificate, then its CA.
const fixture = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'apiserver.crt'), 'utf8');
const [serving, authority] = pemCertificates(fixture);

describe('servingAuthority', () => {
  test('returns the CA that signed a serving certificate covering 127.0.0.1', () => {
    expect(servingAuthority(fixture, 'apiserver.crt')).toBe(`${authority}\n`);
  });

  test('refuses a serving certificate that does not cover 127.0.0.1', () => {
    expect(() => servingAuthority(`${authority}\n${authority}`, 'apiserver.crt')).toThrow(/does not cover 127.0.0.1/);
  });

  test('refuses a file without the signing CA', () => {
    expect(() => servingAuthority(`${serving}\n`, 'apiserver.crt')).toThrow(/no CA certificate/);
    expect(() => servingAuthority('', 'apiserver.crt')).toThrow(/holds no certificate/);
  });
});

test('the service-account key is an RSA private key in PEM', () => {
  expect(createPrivateKey(serviceAccountKey()).asymmetricKeyType).toBe('rsa');
});

test('the token file puts the admin into system:masters', () => {
  expect(renderTokenFile('secret', 'gcek8s-admin')).toBe('secret,gcek8s-admin,gcek8s-admin,"system:masters"\n');
});

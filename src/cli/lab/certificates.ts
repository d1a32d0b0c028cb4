// Keys, tokens and the CA clients trust. No openssl: node:crypto generates keys and reads certificates.
import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { loopback } from './arguments.js';

/** One RSA key both signs (--service-account-signing-key-file) and verifies (--service-account-key-file) tokens. */
export function serviceAccountKey(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

export function adminToken(): string {
  return randomBytes(24).toString('hex');
}

/** A static token file line per user: token,user,uid,"groups". The admin is in system:masters, so RBAC allows it everything. */
export function renderTokenFile(token: string, user: string): string {
  return `${token},${user},${user},"system:masters"\n`;
}

export function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/**
 * servingAuthority returns the CA to trust for a self-signed kube-apiserver: its cert-dir file holds the serving
 * certificate followed by the CA that signed it. It checks that the certificate covers 127.0.0.1 and chains to that
 * CA, so clients verify TLS for real instead of skipping it.
 */
export function servingAuthority(certificateFile: string, source: string): string {
  const [serving, ...rest] = pemCertificates(certificateFile);
  if (serving === undefined) {
    throw new Error(`${source} holds no certificate`);
  }
  const leaf = new X509Certificate(serving);
  if (leaf.checkIP(loopback) === undefined) {
    throw new Error(`the serving certificate in ${source} does not cover ${loopback} (${leaf.subjectAltName ?? 'no SANs'})`);
  }
  const authority = rest.find((pem) => {
    const candidate = new X509Certificate(pem);
    return candidate.ca && leaf.checkIssued(candidate) && leaf.verify(candidate.publicKey);
  });
  if (authority === undefined) {
    throw new Error(`${source} holds no CA certificate that signed its serving certificate`);
  }
  return `${authority}\n`;
}

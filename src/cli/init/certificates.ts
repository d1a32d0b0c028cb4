// X.509 for the federation control plane. node:crypto makes keys, signs and reads certificates but
// cannot build them; node-forge encodes the certificate (subject, extensions, DER), and the RSA
// signature over it is made by node:crypto.
import { constants, createPrivateKey, generateKeyPairSync, privateEncrypt, randomBytes, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/** KeyPair is a PEM certificate and its PEM (PKCS#8) private key. */
export interface KeyPair {
  cert: string;
  key: string;
}

export interface Subject {
  commonName: string;
  /** organizations become the user's groups when the certificate authenticates a client. */
  organizations?: string[];
}

export interface LeafRequest extends Subject {
  /** peer certificates (etcd members to each other) serve and connect as clients both. */
  usage: 'server' | 'client' | 'peer';
  /** names the certificate is valid for (server certificates): DNS names and IP addresses. */
  dnsNames?: string[];
  ips?: string[];
}

const day = 86_400_000;
/** The CA lasts ten years; leaves a year, and `kubefed init` renews those within 30 days of expiry. */
export const authorityValidityDays = 3650;
export const leafValidityDays = 365;
export const renewBeforeMs = 30 * day;

function rsaKey(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** serialNumber is 128 random bits, positive (the first bit clear), as RFC 5280 asks. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/** DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2), followed by the 32-byte hash. */
const sha256DigestInfo = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * signWith signs a certificate with node:crypto: forge builds the to-be-signed DER and hashes it,
 * the RSA private-key operation (PKCS#1 v1.5) runs natively instead of in forge's JavaScript,
 * which is tens of times slower.
 */
function signWith(certificate: forge.pki.Certificate, privatePem: string): void {
  const signer = {
    sign: (md: forge.md.MessageDigest) =>
      privateEncrypt({ key: privatePem, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([sha256DigestInfo, Buffer.from(md.digest().getBytes(), 'binary')])).toString('binary'),
  };
  certificate.sign(signer as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
}

function attributes(subject: Subject): forge.pki.CertificateField[] {
  return [
    ...(subject.organizations ?? []).map((organization) => ({ name: 'organizationName', value: organization })),
    { name: 'commonName', value: subject.commonName },
  ];
}

function skeleton(publicPem: string, subject: Subject, now: Date, days: number): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicPem);
  certificate.serialNumber = serialNumber();
  // Back-dated a little so clocks slightly behind still accept a fresh certificate.
  certificate.validity.notBefore = new Date(now.getTime() - 5 * 60_000);
  certificate.validity.notAfter = new Date(now.getTime() + days * day);
  certificate.setSubject(attributes(subject));
  return certificate;
}

/** createAuthority makes a self-signed CA. */
export function createAuthority(commonName: string, now: Date, days = authorityValidityDays): KeyPair {
  const key = rsaKey();
  const certificate = skeleton(key.publicPem, { commonName }, now, days);
  certificate.setIssuer(certificate.subject.attributes);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signWith(certificate, key.privatePem);
  return { cert: forge.pki.certificateToPem(certificate), key: key.privatePem };
}

/** issue signs a server or client certificate with the CA. */
export function issue(authority: KeyPair, request: LeafRequest, now: Date, days = leafValidityDays): KeyPair {
  const key = rsaKey();
  const ca = forge.pki.certificateFromPem(authority.cert);
  const certificate = skeleton(key.publicPem, request, now, days);
  certificate.setIssuer(ca.subject.attributes);
  const altNames = [
    ...(request.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(request.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: request.usage !== 'client', clientAuth: request.usage !== 'server' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  signWith(certificate, authority.key);
  return { cert: forge.pki.certificateToPem(certificate), key: key.privatePem };
}

/** serviceAccountKeys is the RSA pair the federation API server signs and verifies service-account tokens with. */
export function serviceAccountKeys(): { key: string; pub: string } {
  const key = rsaKey();
  return { key: key.privatePem, pub: key.publicPem };
}

/** Facts about a certificate, read with node:crypto. */
export interface CertificateFacts {
  subject: string;
  notAfter: Date;
  dnsNames: string[];
  ips: string[];
}

export function inspect(pem: string): CertificateFacts {
  const certificate = new X509Certificate(pem);
  const names = (certificate.subjectAltName ?? '').split(', ').filter((entry) => entry !== '');
  return {
    subject: certificate.subject,
    notAfter: new Date(certificate.validTo),
    dnsNames: names.filter((entry) => entry.startsWith('DNS:')).map((entry) => entry.slice(4)),
    ips: names.filter((entry) => entry.startsWith('IP Address:')).map((entry) => entry.slice(11)),
  };
}

/** signedBy checks that a certificate was issued by the CA (and that both parse). */
export function signedBy(pem: string, authorityPem: string): boolean {
  try {
    const certificate = new X509Certificate(pem);
    const authority = new X509Certificate(authorityPem);
    return certificate.checkIssued(authority) && certificate.verify(authority.publicKey);
  } catch {
    return false;
  }
}

/** keyMatches checks that a private key belongs to a certificate. */
export function keyMatches(pair: KeyPair): boolean {
  try {
    return new X509Certificate(pair.cert).checkPrivateKey(createPrivateKey(pair.key));
  } catch {
    return false;
  }
}

/** covers says whether a serving certificate is valid for every name and address given. */
export function covers(pem: string, dnsNames: string[], ips: string[]): boolean {
  const facts = inspect(pem);
  const normalise = (ip: string) => (isIP(ip) === 6 ? ip.toLowerCase() : ip);
  return dnsNames.every((name) => facts.dnsNames.includes(name)) && ips.every((ip) => facts.ips.map(normalise).includes(normalise(ip)));
}

/** expiresSoon: the certificate ends within renewBeforeMs of now. */
export function expiresSoon(pem: string, now: Date, withinMs = renewBeforeMs): boolean {
  return inspect(pem).notAfter.getTime() - now.getTime() < withinMs;
}

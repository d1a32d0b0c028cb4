import { X509Certificate } from 'node:crypto';
import { connect, type DetailedPeerCertificate } from 'node:tls';

/** fingerprint is the SHA-256 fingerprint of the first certificate of a base64 PEM bundle, as kubeconfigs carry CAs. */
export function fingerprint(base64Pem: string): string {
  return new X509Certificate(Buffer.from(base64Pem, 'base64')).fingerprint256;
}

/** isAuthority says whether base64 PEM holds a certificate that may sign others (a CA). */
export function isAuthority(base64Pem: string): boolean {
  try {
    return new X509Certificate(Buffer.from(base64Pem, 'base64')).ca;
  } catch {
    return false;
  }
}

/** toBase64Pem turns a DER certificate into the base64 PEM form kubeconfigs and credentials Secrets use. */
function toBase64Pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return Buffer.from(`-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`).toString('base64');
}

/**
 * presentedAuthority connects without verification and returns the self-signed root at the top of the chain
 * the server presents, if it presents one. Only for trust on first use: what it returns is what the server
 * claims, and join checks it by making a verified connection with it.
 */
export function presentedAuthority(server: string, timeoutMs = 10_000): Promise<string | undefined> {
  const url = new URL(server);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 443), servername: url.hostname.match(/^[\d.]+$|:/) ? undefined : url.hostname, rejectUnauthorized: false });
    const done = (value: string | undefined) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.once('secureConnect', () => {
      let certificate: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      while (certificate?.issuerCertificate && certificate.issuerCertificate.fingerprint256 !== certificate.fingerprint256) {
        certificate = certificate.issuerCertificate;
      }
      const selfSigned = certificate?.raw !== undefined && new X509Certificate(certificate.raw).checkIssued(new X509Certificate(certificate.raw));
      done(selfSigned && certificate?.raw ? toBase64Pem(certificate.raw) : undefined);
    });
  });
}

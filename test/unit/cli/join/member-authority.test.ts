import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAuthority, issue } from '../../../../src/cli/init/certificates.js';
import { fingerprint, isAuthority, presentedAuthority } from '../../../../src/cli/join/member-authority.js';

const now = new Date();
const authority = createAuthority('member-ca', now);
const leaf = issue(authority, { commonName: 'member-apiserver', usage: 'server', ips: ['127.0.0.1'] }, now);
const base64 = (pem: string) => Buffer.from(pem).toString('base64');

/** A real TLS server presenting the leaf, with or without its CA in the chain, as API servers do either way. */
async function serve(chain: string): Promise<{ server: Server; url: string }> {
  const server = createServer({ cert: chain, key: leaf.key }, (_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('presentedAuthority', () => {
  let withChain: { server: Server; url: string };
  let leafOnly: { server: Server; url: string };
  beforeAll(async () => {
    withChain = await serve(leaf.cert + authority.cert);
    leafOnly = await serve(leaf.cert);
  });
  afterAll(() => {
    withChain.server.close();
    leafOnly.server.close();
  });

  it('returns the self-signed root of the chain the server presents', async () => {
    const found = await presentedAuthority(withChain.url);
    expect(found).toBeDefined();
    expect(new X509Certificate(Buffer.from(found ?? '', 'base64')).fingerprint256).toBe(new X509Certificate(authority.cert).fingerprint256);
  });

  it('returns nothing when the server presents no root, and nothing from a closed port', async () => {
    expect(await presentedAuthority(leafOnly.url)).toBeUndefined();
    expect(await presentedAuthority('https://127.0.0.1:1')).toBeUndefined();
  });
});

describe('fingerprint and isAuthority', () => {
  it('give the SHA-256 fingerprint operators compare, and tell a CA from a leaf', () => {
    expect(fingerprint(base64(authority.cert))).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(isAuthority(base64(authority.cert))).toBe(true);
    expect(isAuthority(base64(leaf.cert))).toBe(false);
    expect(isAuthority(base64('not a certificate'))).toBe(false);
  });
});

import { load } from 'js-yaml';

/** InlineCredentials is everything kubefed takes from a credentials Secret: data, never a program or a path. */
export interface InlineCredentials {
  token?: string;
  /** base64 PEM, as kubeconfigs and Secrets hold them. */
  clientCertificateData?: string;
  clientKeyData?: string;
  certificateAuthorityData?: string;
  tlsServerName?: string;
}

/** CredentialsRejected says which part of a credentials Secret kubefed refuses, never what it holds. */
export class CredentialsRejected extends Error {}

const accepted = 'kubefed accepts only inline token, client-certificate-data with client-key-data, certificate-authority-data and tls-server-name';

/** The keys each part of a kubeconfig may have; the values kubefed reads are typed below, the others ignored. */
const allowed = {
  root: new Set(['apiVersion', 'kind', 'clusters', 'contexts', 'users', 'current-context', 'preferences', 'extensions']),
  context: new Set(['cluster', 'user', 'namespace', 'extensions']),
  cluster: new Set(['server', 'certificate-authority-data', 'tls-server-name', 'insecure-skip-tls-verify', 'extensions']),
  user: new Set(['token', 'client-certificate-data', 'client-key-data', 'extensions']),
};

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** fieldName shows a key the way the message may: a plain identifier, or nothing of it at all. */
const fieldName = (path: string, key: string): string => (/^[A-Za-z][A-Za-z0-9_.-]{0,62}$/.test(key) ? `${path}${key}` : `${path}(a field with an unusual name)`);

/**
 * kubeconfigCredentials reads the current context of a kubeconfig with an allow-list: its cluster may
 * name a CA and a TLS server name as data, its user a token or a client certificate and key as data.
 * Anything else there (exec, auth-provider, tokenFile, file paths, username/password, impersonation,
 * proxy-url, skipping verification, …) is refused by name. A parse error is reported by line only,
 * since the parser's excerpt would quote neighbouring lines: tokens.
 */
export function kubeconfigCredentials(text: string): InlineCredentials {
  if (text.trim() === '') {
    throw new CredentialsRejected('the kubeconfig is empty');
  }
  let root: unknown;
  try {
    root = load(text);
  } catch (error) {
    const line = (error as { mark?: { line?: number } }).mark?.line;
    throw new CredentialsRejected(`the kubeconfig is not valid YAML${line === undefined ? '' : ` (line ${line + 1})`}`);
  }
  if (!isMapping(root)) {
    throw new CredentialsRejected('the kubeconfig is not a YAML mapping');
  }
  const refused = refusedKeys(root, allowed.root, '');
  const current = root['current-context'];
  const context = typeof current === 'string' && current !== '' ? entry(root.contexts, current, 'context') : undefined;
  const cluster = typeof context?.cluster === 'string' ? entry(root.clusters, context.cluster, 'cluster') : undefined;
  const user = typeof context?.user === 'string' ? entry(root.users, context.user, 'user') : undefined;
  if (!context || !cluster || !user) {
    throw new CredentialsRejected('the kubeconfig has no usable current context');
  }
  refused.push(...refusedKeys(context, allowed.context, 'context.'), ...refusedKeys(cluster, allowed.cluster, 'cluster.'), ...refusedKeys(user, allowed.user, 'user.'));
  if (cluster['insecure-skip-tls-verify'] !== undefined && cluster['insecure-skip-tls-verify'] !== false) {
    refused.push('cluster.insecure-skip-tls-verify (only the operator turns verification off, with --insecure-skip-member-tls-verify)');
  }
  const read = (mapping: Mapping, key: string, path: string): string | undefined => {
    const value = mapping[key];
    if (value === undefined || value === null || value === '') {
      return undefined;
    }
    if (typeof value !== 'string') {
      refused.push(`${path}${key} (not a string)`);
      return undefined;
    }
    return value;
  };
  const credentials: InlineCredentials = {
    token: read(user, 'token', 'user.'),
    clientCertificateData: read(user, 'client-certificate-data', 'user.'),
    clientKeyData: read(user, 'client-key-data', 'user.'),
    certificateAuthorityData: read(cluster, 'certificate-authority-data', 'cluster.'),
    tlsServerName: read(cluster, 'tls-server-name', 'cluster.'),
  };
  if (refused.length > 0) {
    throw new CredentialsRejected(`the kubeconfig's ${refused.join(', ')} ${refused.length > 1 ? 'are' : 'is'} refused: ${accepted}`);
  }
  return credentials;
}

/** tokenCredentials reads the token and ca.crt keys join writes (base64, as Secret data is). */
export function tokenCredentials(data: Record<string, string>): InlineCredentials {
  const token = data.token === undefined ? undefined : Buffer.from(data.token, 'base64').toString('utf8').trim();
  return { token: token === '' ? undefined : token, certificateAuthorityData: data['ca.crt'] === '' ? undefined : data['ca.crt'] };
}

/**
 * checkCredentials makes sure the credentials can be used as they are: a token or a whole client
 * certificate, and a CA to verify the member with, unless the operator turned verification off.
 * Without a CA, TLS would fall back to the public roots, which is not the member kubefed joined.
 */
export function checkCredentials(credentials: InlineCredentials, insecure: boolean): void {
  const { token, clientCertificateData, clientKeyData, certificateAuthorityData, tlsServerName } = credentials;
  if ((clientCertificateData === undefined) !== (clientKeyData === undefined)) {
    throw new CredentialsRejected(`client-certificate-data and client-key-data go together; ${clientKeyData === undefined ? 'client-key-data' : 'client-certificate-data'} is missing`);
  }
  if (token === undefined && clientKeyData === undefined) {
    throw new CredentialsRejected('there is neither a token nor a client certificate and key');
  }
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    throw new CredentialsRejected('the token holds characters a bearer token cannot');
  }
  if (tlsServerName !== undefined && !/^[A-Za-z0-9.-]{1,253}$/.test(tlsServerName)) {
    throw new CredentialsRejected('tls-server-name is not a host name');
  }
  if (insecure) {
    return;
  }
  if (certificateAuthorityData === undefined) {
    throw new CredentialsRejected(
      'there is no CA certificate (ca.crt or certificate-authority-data): kubefed verifies members with the CA recorded at join, never the public roots; ' +
        '--insecure-skip-member-tls-verify turns verification off',
    );
  }
  if (!Buffer.from(certificateAuthorityData, 'base64').toString('utf8').includes('-----BEGIN CERTIFICATE-----')) {
    throw new CredentialsRejected('the CA certificate (ca.crt or certificate-authority-data) holds no PEM certificate');
  }
}

function refusedKeys(mapping: Mapping, keys: Set<string>, path: string): string[] {
  return Object.keys(mapping)
    .filter((key) => !keys.has(key))
    .map((key) => fieldName(path, key));
}

/** entry finds a named entry of a kubeconfig list (contexts, clusters, users) and returns its body. */
function entry(list: unknown, name: string, body: string): Mapping | undefined {
  if (!Array.isArray(list)) {
    return undefined;
  }
  const found = list.find((item) => isMapping(item) && item.name === name) as Mapping | undefined;
  const value = found?.[body];
  return isMapping(value) ? value : undefined;
}

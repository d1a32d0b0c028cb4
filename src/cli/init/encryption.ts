import { load } from 'js-yaml';
import { yamlDocument } from '../shared/output.js';

/** encryptionKeyName names the key in the configuration; a rotation would add key2 first. */
const keyName = 'key1';

/**
 * encryptionConfiguration is the federation API server's --encryption-provider-config: Secrets are written
 * encrypted with secretbox (XSalsa20-Poly1305) under the generated key; identity stays as the last provider
 * so Secrets written before encryption was on can still be read (and are encrypted when next written).
 */
export function encryptionConfiguration(key: string): string {
  return yamlDocument({
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'EncryptionConfiguration',
    resources: [{ resources: ['secrets'], providers: [{ secretbox: { keys: [{ name: keyName, secret: key }] } }, { identity: {} }] }],
  });
}

interface EncryptionDocument {
  resources?: { providers?: { secretbox?: { keys?: { name?: string; secret?: string }[] } }[] }[];
}

/** encryptionKeyOf reads the key back from a configuration init wrote, so a re-run keeps it. */
export function encryptionKeyOf(text: string | undefined): string | undefined {
  if (text === undefined) {
    return undefined;
  }
  try {
    const document = load(text) as EncryptionDocument | null;
    const keys = document?.resources?.flatMap((resource) => resource.providers ?? []).flatMap((provider) => provider.secretbox?.keys ?? []) ?? [];
    return keys.find((key) => key.name === keyName)?.secret;
  } catch {
    return undefined;
  }
}

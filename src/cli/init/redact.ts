import type { KubeObject } from '../../core/objects.js';
import { isJsonObject } from '../../scheduling/go-json.js';

const redacted = '(redacted: kubefed init generates it when it runs)';

/** redactKeyMaterial blanks private keys (PEM, kubeconfig client-key-data) and encryption keys in a credential's text. */
export function redactKeyMaterial(text: string): string {
  return text
    .replace(/(-----BEGIN ([A-Z ]*)PRIVATE KEY-----)[\s\S]*?(-----END \2PRIVATE KEY-----)/g, `$1\n${redacted}\n$3`)
    .replace(/^(\s*client-key-data:\s*)\S.*$/gm, `$1${redacted}`)
    .replace(/^(\s*secret:\s*)\S.*$/gm, `$1${redacted}`);
}

/**
 * redactSecrets is what --dry-run prints of the Secrets init would write: every value readable, every key
 * redacted. The values stay base64, so the output still passes `kubectl apply --dry-run=server`.
 */
export function redactSecrets(objects: KubeObject[]): KubeObject[] {
  return objects.map((object) => {
    const data = object.data;
    if (object.kind !== 'Secret' || !isJsonObject(data)) {
      return object;
    }
    const blanked = Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, Buffer.from(redactKeyMaterial(Buffer.from(String(value), 'base64').toString('utf8'))).toString('base64')]),
    );
    return { ...object, data: blanked };
  });
}

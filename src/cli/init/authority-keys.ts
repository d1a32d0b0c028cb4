import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocalAuthorityKeys } from './existing.js';
import type { Pki } from './pki.js';
import { readIfPresent } from '../shared/files.js';

const files = { authority: 'ca.key', etcd: 'etcd-ca.key' } as const;

/** authorityKeyDirectory is where --keep-ca-key keeps a federation's CA keys: beside the kubeconfig init writes to. */
export function authorityKeyDirectory(kubeconfigFile: string, federation: string): string {
  return path.join(path.dirname(kubeconfigFile), 'kubefed', federation);
}

/** readAuthorityKeys reads the CA keys an earlier `kubefed init --keep-ca-key` kept, if any. */
export async function readAuthorityKeys(directory: string): Promise<LocalAuthorityKeys> {
  const [authority, etcd] = await Promise.all([readIfPresent(path.join(directory, files.authority)), readIfPresent(path.join(directory, files.etcd))]);
  return { ...(authority ? { authority } : {}), ...(etcd ? { etcd } : {}) };
}

/** writeAuthorityKeys keeps the CA keys init holds in files only their owner can read, and returns their paths. */
export async function writeAuthorityKeys(directory: string, pki: Pki): Promise<string[]> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  for (const [name, key] of [[files.authority, pki.authority.key], [files.etcd, pki.etcd?.authority.key]] as const) {
    if (key === undefined) {
      continue;
    }
    const file = path.join(directory, name);
    await writeFile(file, key, { mode: 0o600 });
    // writeFile keeps the mode of a file that already exists.
    await chmod(file, 0o600);
    written.push(file);
  }
  return written;
}

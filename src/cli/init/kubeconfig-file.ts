import { mkdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { yamlDocument } from '../shared/output.js';
import type { KubeconfigDocument } from './kubeconfig.js';
import { readIfPresent } from '../shared/files.js';

/** kubeconfigPath is where kubectl would write: --kubeconfig, else the first KUBECONFIG entry, else ~/.kube/config. */
export function kubeconfigPath(explicit: string | undefined): string {
  if (explicit) {
    return explicit;
  }
  const fromEnvironment = (process.env.KUBECONFIG ?? '').split(path.delimiter).find((entry) => entry !== '');
  return fromEnvironment ?? path.join(homedir(), '.kube', 'config');
}

export async function readKubeconfigDocument(file: string): Promise<KubeconfigDocument | undefined> {
  const text = await readIfPresent(file);
  if (text === undefined) {
    return undefined;
  }
  const parsed = load(text);
  if (parsed === null || parsed === undefined) {
    return undefined;
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${file} is not a kubeconfig`);
  }
  return parsed as KubeconfigDocument;
}

/** writeKubeconfigDocument replaces the file atomically, readable only by its owner (it holds a private key). */
export async function writeKubeconfigDocument(file: string, document: KubeconfigDocument): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.kubefed-${process.pid}.tmp`;
  await writeFile(temporary, yamlDocument(document), { mode: 0o600 });
  await rename(temporary, file);
}

import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { loadAll, YAML11_SCHEMA } from 'js-yaml';
import type { KubeObject } from '../../core/objects.js';
import { errorCode, errorMessage } from '../../kube/errors.js';

/** Manifest is one object read from a file, with where it came from for messages. */
export interface Manifest {
  object: KubeObject;
  /** source is "FILE" or "FILE, document N" (or "…, item M" inside a List). */
  source: string;
}

/** ManifestError is bad input in a manifest file; its message names the file and document. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/**
 * parseManifests reads a YAML (or JSON) stream the way kubectl does: YAML 1.1 scalars (so 0644 is
 * octal and yes is a boolean, as in the API server's decoder), empty documents skipped, and List
 * objects flattened into their items.
 */
export function parseManifests(text: string, file: string): Manifest[] {
  let documents: unknown[];
  try {
    documents = loadAll(text, null, { schema: YAML11_SCHEMA, filename: file });
  } catch (error) {
    throw new ManifestError(`${file}: not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const several = documents.filter((document) => document !== null && document !== undefined).length > 1;
  const manifests: Manifest[] = [];
  documents.forEach((document, index) => {
    if (document === null || document === undefined) {
      return;
    }
    const source = several ? `${file}, document ${index + 1}` : file;
    if (typeof document !== 'object' || Array.isArray(document)) {
      throw new ManifestError(`${source}: expected a Kubernetes object, found ${Array.isArray(document) ? 'a list' : typeof document}`);
    }
    const object = jsonSafe(document) as KubeObject;
    if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
      object.items.forEach((item: unknown, itemIndex) => {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          throw new ManifestError(`${source}, item ${itemIndex + 1}: expected a Kubernetes object`);
        }
        manifests.push({ object: item as KubeObject, source: `${source}, item ${itemIndex + 1}` });
      });
      return;
    }
    manifests.push({ object, source });
  });
  return manifests;
}

/** jsonSafe turns YAML timestamps into the strings the API server would read (as sigs.k8s.io/yaml does). */
function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) {
    return value.toISOString().replace('.000Z', 'Z');
  }
  if (Array.isArray(value)) {
    return value.map(jsonSafe);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonSafe(item)]));
  }
  return value;
}

/** readManifestText reads a file, or standard input for "-". */
export async function readManifestText(file: string): Promise<string> {
  if (file === '-') {
    return (await buffer(process.stdin)).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    throw new ManifestError(code === 'ENOENT' ? `${file}: no such file` : `${file}: ${errorMessage(error)}`);
  }
}

/** readManifests reads and parses every file in order. */
export async function readManifests(files: string[]): Promise<Manifest[]> {
  const all: Manifest[] = [];
  for (const file of files) {
    all.push(...parseManifests(await readManifestText(file), file === '-' ? '<stdin>' : file));
  }
  return all;
}

/** describeObject names an object in messages: "Deployment default/web". */
export function describeObject(object: KubeObject): string {
  const { namespace, name } = object.metadata ?? {};
  return `${object.kind ?? '<no kind>'} ${namespace ? `${namespace}/` : ''}${name ?? '<no name>'}`;
}

// The controller-manager under test runs from a private copy of dist/, so that a rebuild by someone else during a run
// (npm test rebuilds first) can neither change the code half-way through nor be loaded half-written.
import { cp, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout this benchmark was built from: dist/bench/ is two levels below it. */
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface BuildSnapshot {
  /** dist/daemon/main.js of the copy. */
  main: string;
  /** Hash of the copied JavaScript (the benchmark's own files excluded). */
  fingerprint: string;
}

/** fingerprint hashes every .js file under a dist directory, except the benchmark's own. */
export async function fingerprint(dist: string): Promise<string> {
  const files = (await readdir(dist, { recursive: true })).filter((file) => file.endsWith('.js') && !file.startsWith(`bench${path.sep}`)).sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0').update(await readFile(path.join(dist, file))).update('\0');
  }
  return `sha256:${hash.digest('hex').slice(0, 16)} (${files.length} files)`;
}

/**
 * snapshotBuild copies dist/ (or another build of kubefed, to compare a patched controller-manager) into
 * directory/kubefed/dist, next to the package.json (ESM) and links to node_modules and manifests, so that the copy
 * resolves its imports exactly as the checkout does.
 */
export async function snapshotBuild(directory: string, source = path.join(packageRoot, 'dist')): Promise<BuildSnapshot> {
  const root = path.join(directory, 'kubefed');
  await mkdir(root, { recursive: true });
  await cp(source, path.join(root, 'dist'), { recursive: true, filter: (file) => !file.endsWith('.map') });
  await cp(path.join(packageRoot, 'package.json'), path.join(root, 'package.json'));
  for (const shared of ['node_modules', 'manifests']) {
    await symlink(path.join(packageRoot, shared), path.join(root, shared)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') {
        throw error;
      }
    });
  }
  const dist = path.join(root, 'dist');
  return { main: path.join(dist, 'daemon', 'main.js'), fingerprint: await fingerprint(dist) };
}

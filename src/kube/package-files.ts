import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** packageRoot is the kubefed checkout or package: src/ and dist/ sit one level below it. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** readPackageFile reads a file shipped with kubefed (manifests/, scripts/) by its path from the package root. */
export function readPackageFile(relativePath: string): string {
  return readFileSync(new URL(relativePath, `file://${packageRoot}`), 'utf8');
}

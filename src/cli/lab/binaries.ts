// Where the Kubernetes binaries are: an explicit directory, $KUBEFED_BINARIES, or scripts/kube-binaries.sh's cache.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ComponentName } from './state.js';
import { errorMessage } from '../../kube/errors.js';
import { isJsonObject } from '../../scheduling/go-json.js';

/** The stage file kube-binaries.sh writes beside the binaries (kwokctl's default Stages). */
export const stagesFile = 'kwok-stages.yaml';

/** src/cli/lab and dist/cli/lab are both three levels below the package root, so this works compiled and under jest. */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const binariesScript = path.join(packageRoot, 'scripts', 'kube-binaries.sh');

export async function locateBinaries(override?: string): Promise<string> {
  const explicit = override ?? process.env.KUBEFED_BINARIES;
  if (explicit !== undefined && explicit !== '') {
    return path.resolve(explicit);
  }
  // The script asks `go env`; Go's default install place is appended in case the caller's PATH lacks it.
  const environment = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/local/go/bin` };
  try {
    const { stdout } = await promisify(execFile)('bash', [binariesScript, '--locate'], { env: environment });
    return stdout.trim();
  } catch (error) {
    const stderr: unknown = isJsonObject(error) ? error.stderr : undefined;
    const detail = (typeof stderr === 'string' ? stderr.trim() : '') || errorMessage(error);
    throw new Error(`cannot locate the Kubernetes binaries (${detail}); build them with ${binariesScript} or pass --binaries`, { cause: error });
  }
}

export function binaryPath(directory: string, component: ComponentName): string {
  return path.join(directory, component);
}

/** checkBinaries fails before anything starts, naming the first missing file. */
export async function checkBinaries(directory: string, components: readonly ComponentName[], needsStages: boolean): Promise<void> {
  for (const component of components) {
    const file = binaryPath(directory, component);
    try {
      await access(file, constants.X_OK);
    } catch {
      throw new Error(`${component}: no executable ${file}; build it with ${binariesScript} or pass --binaries`);
    }
  }
  if (needsStages) {
    const file = path.join(directory, stagesFile);
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new Error(`kwok: no stage file ${file}; run ${binariesScript} to write it`);
    }
  }
}

/**
 * proxyCommand runs the member proxy with this Node: always the compiled dist/cli/lab/proxy-main.js, since the lab may
 * be started from the TypeScript sources (the e2e tests' global setup) and Node cannot run those with their .js imports.
 */
export async function proxyCommand(): Promise<string[]> {
  const script = path.join(packageRoot, 'dist', 'cli', 'lab', 'proxy-main.js');
  try {
    await access(script, constants.R_OK);
  } catch {
    throw new Error(`member-proxy: no ${script}; build it with npm run build`);
  }
  return [process.execPath, script];
}

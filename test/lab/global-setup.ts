// Starts ONE lab for the whole e2e project, unless KUBEFED_LAB_DIR names a running lab to reuse.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Marks the lab this process started, so that global-teardown stops it and never a reused one. */
export const startedMarker = 'KUBEFED_LAB_STARTED_BY_TESTS';

export const testLab = {
  federation: 'master-control',
  members: ['gcek8s', 'awsk8s', 'azurek8s'],
  workloads: true,
  nodes: 2,
} as const;

/**
 * Jest loads globalSetup and globalTeardown as CommonJS through its transform but without moduleNameMapper, so Node
 * resolves their imports itself and cannot map the sources' `./x.js` specifiers to `./x.ts`. This hook does, for
 * relative specifiers whose .js file does not exist; it stays registered for global-teardown, which runs in this process.
 */
function resolveTypeScriptSources(): void {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      if (specifier.startsWith('.') && specifier.endsWith('.js') && parent?.startsWith('file:') === true) {
        const base = path.dirname(fileURLToPath(parent));
        const source = specifier.replace(/\.js$/, '.ts');
        if (!existsSync(path.resolve(base, specifier)) && existsSync(path.resolve(base, source))) {
          return nextResolve(source, context);
        }
      }
      return nextResolve(specifier, context);
    },
  });
}

export default async function globalSetup(): Promise<void> {
  resolveTypeScriptSources();
  const { labStatus, startLab } = await import('../../src/cli/lab/index.js');
  const log = (line: string): void => void process.stderr.write(`lab: ${line}\n`);
  const reused = process.env.KUBEFED_LAB_DIR;
  if (reused !== undefined && reused !== '') {
    const status = await labStatus(reused);
    const stopped = status?.components.filter((component) => !component.running) ?? [];
    if (status === undefined || stopped.length > 0) {
      const names = stopped.map((item) => `${item.component} of ${item.cluster ?? 'the lab'}`).join(', ');
      throw new Error(`KUBEFED_LAB_DIR=${reused} ${status === undefined ? 'holds no lab' : `has stopped components (${names})`}; unset it to let the tests start their own lab`);
    }
    log(`reusing the lab in ${reused}`);
    return;
  }
  const directory = await mkdtemp(path.join(tmpdir(), 'kubefed-lab-'));
  log(`starting a lab in ${directory}`);
  await startLab({ dir: directory, ...testLab, members: [...testLab.members], log });
  process.env.KUBEFED_LAB_DIR = directory;
  process.env[startedMarker] = directory;
}

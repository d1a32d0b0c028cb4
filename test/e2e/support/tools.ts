// The operator tools the chart and alert tests run (helm, promtool), built by scripts/tool-binaries.sh
// into the lab's binary cache; npm test's pretest builds them, so here they are only located.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CommandResult, runProcess } from '../../lab/lab-environment.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

const located = new Map<string, Promise<string>>();

/** toolPath is where scripts/tool-binaries.sh keeps a tool; it fails, saying how to build it, when it is missing. */
export function toolPath(tool: 'helm' | 'promtool'): Promise<string> {
  let found = located.get(tool);
  if (!found) {
    found = runProcess(path.join(root, 'scripts', 'tool-binaries.sh'), ['--locate', tool]).then((result) => {
      if (result.code !== 0) {
        throw new Error(`${tool} is not built: ${result.stderr.trim()}`);
      }
      return result.stdout.trim();
    });
    located.set(tool, found);
  }
  return found;
}

let helmHome: Promise<string> | undefined;

/** helm runs the cached helm with its configuration, cache and data in a directory of its own. */
export async function helm(args: readonly string[], options: { input?: string } = {}): Promise<CommandResult> {
  helmHome ??= mkdtemp(path.join(tmpdir(), 'kubefed-helm-'));
  const home = await helmHome;
  const env = { ...process.env, HELM_CONFIG_HOME: path.join(home, 'config'), HELM_CACHE_HOME: path.join(home, 'cache'), HELM_DATA_HOME: path.join(home, 'data') };
  return runProcess(await toolPath('helm'), args, { cwd: root, env, ...options });
}

export async function promtool(args: readonly string[], cwd: string): Promise<CommandResult> {
  return runProcess(await toolPath('promtool'), args, { cwd });
}

// kubefed as a kubectl plugin, installed the way npm installs it for a user (`npm install --global`
// puts kubefed and kubectl-kubefed in PREFIX/bin): kubectl finds it, and `kubectl kubefed status`,
// `join` and `plan` work against the lab with kubectl's --kubeconfig, --context and KUBECONFIG.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LabState } from '../../src/cli/lab/index.js';
import { type CommandResult, labKubeconfig, runProcess } from '../lab/lab-environment.js';
import { ControllerManager, fastFlags } from './support/controller-manager.js';
import { getJson, joinedLab, memberNames, waitFor } from './support/federation.js';
import { root } from './support/tools.js';

let prefix: string;
let state: LabState;
let env: NodeJS.ProcessEnv;
let manager: ControllerManager | undefined;

/** kubectlPlugin runs kubectl with the npm-installed bin directory (and Node 24) first on PATH. */
function kubectlPlugin(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  return runProcess(process.env.KUBECTL ?? 'kubectl', args, { env: { ...env, ...extraEnv } });
}

beforeAll(async () => {
  state = await joinedLab();
  // The controller-manager's probes make the members Ready, which status reports and plan places on.
  manager = await ControllerManager.start({ flags: fastFlags });
  await waitFor('every member Ready', async () => {
    const clusters = await getJson<{ items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[] }>(state.federation, ['clusters']);
    const ready = (clusters?.items ?? []).filter((cluster) => cluster.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True')).map((cluster) => cluster.metadata.name);
    return memberNames(state).every((member) => ready.includes(member)) || ready;
  }, 60_000);
  prefix = await mkdtemp(path.join(tmpdir(), 'kubefed-npm-'));
  // A global install from the package directory links it and its bins, without running its scripts again.
  const installed = await runProcess('npm', ['install', '--global', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund', root], {
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` },
  });
  expect({ code: installed.code, stderr: installed.stderr }).toMatchObject({ code: 0 });
  const { KUBECONFIG: _ignored, ...inherited } = process.env;
  env = { ...inherited, NO_COLOR: '1', PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` };
});

afterAll(async () => {
  await manager?.stop();
  await rm(prefix, { recursive: true, force: true });
});

describe('kubectl kubefed', () => {
  test('kubectl plugin list finds kubectl-kubefed in the npm bin directory', async () => {
    const result = await kubectlPlugin(['plugin', 'list']);
    expect(result.stdout).toContain(path.join(prefix, 'bin', 'kubectl-kubefed'));
  });

  test('status with --kubeconfig and --context reports the federation at that context and every member Ready', async () => {
    const result = await kubectlPlugin(['kubefed', 'status', `--kubeconfig=${labKubeconfig()}`, `--context=${state.federation}`, '-o', 'json']);
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    const report = JSON.parse(result.stdout) as { federation: string; clusters: { name: string; ready: string }[] };
    expect(report.federation).toBe(state.federation);
    for (const member of memberNames(state)) {
      expect(report.clusters.find((cluster) => cluster.name === member)).toMatchObject({ ready: 'True' });
    }
  });

  test('status reads KUBECONFIG and its current context as kubectl does, and prints the table', async () => {
    const result = await kubectlPlugin(['kubefed', 'status'], { KUBECONFIG: labKubeconfig() });
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    for (const member of memberNames(state)) {
      expect(result.stdout).toMatch(new RegExp(`^${member} +True `, 'm'));
    }
  });

  test('join of an already joined member is idempotent through the plugin', async () => {
    const member = memberNames(state)[0] as string;
    const result = await kubectlPlugin(['kubefed', 'join', member, `--host-cluster-context=${member}`, `--kubeconfig=${labKubeconfig()}`, `--context=${state.federation}`]);
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
  });

  test('plan reads the federation\'s Ready clusters with --context', async () => {
    const file = path.join(prefix, 'deployment.yaml');
    await writeFile(file, JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 4 } }));
    const result = await kubectlPlugin(['kubefed', 'plan', '-f', file, `--kubeconfig=${labKubeconfig()}`, `--context=${state.federation}`, '-o', 'json']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const plan = JSON.parse(result.stdout) as Record<string, Record<string, number>>;
    const replicas = plan['Deployment/default/web'] ?? {};
    expect(Object.keys(replicas).sort()).toEqual(memberNames(state).sort());
    expect(Object.values(replicas).reduce((sum, count) => sum + count, 0)).toBe(4);
  });

  test('help names the command as the user typed it', async () => {
    const result = await kubectlPlugin(['kubefed', 'status', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: kubectl kubefed status /);
    expect(result.stdout).toContain('  kubectl kubefed status --exit-code\n');
  });

  test('kubectl completes the plugin\'s commands, flags and contexts through kubectl_complete-kubefed', async () => {
    const commands = await kubectlPlugin(['__complete', 'kubefed', 'st']);
    expect(commands.stdout.split('\n')[0]).toMatch(/^status\tshow member clusters/);
    const contexts = await kubectlPlugin(['__complete', 'kubefed', 'status', `--kubeconfig=${labKubeconfig()}`, '--context', '']);
    expect(contexts.stdout.split('\n').filter((line) => !line.startsWith(':') && line !== '').sort()).toEqual(state.clusters.map((cluster) => cluster.name).sort());
  });

  test('a usage error exits 2, as kubefed does', async () => {
    const result = await kubectlPlugin(['kubefed', 'status', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
  });
});

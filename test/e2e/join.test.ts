// kubefed join and unjoin as the seed's operator runs them: safe to repeat, clear about bad input,
// never half-made; unjoin keeps propagated objects unless asked.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { dumpYaml, loadYaml } from '@kubernetes/client-node';
import { startMember, stopMember, type LabState } from '../../src/cli/lab/index.js';
import { labDirectory } from '../lab/lab-environment.js';
import { ControllerManager, fastFlags } from './support/controller-manager.js';
import { getJson, joinedLab, run, uniqueName, waitFor } from './support/federation.js';

const cli = fileURLToPath(new URL('../../bin/kubefed.js', import.meta.url));
const namespace = uniqueName('join');
let state: LabState;
let federation: string;
let manager: ControllerManager;
let kubeconfig: string;

/** kubefed runs the CLI with a copy of the lab's kubeconfig (so tests can add broken contexts to it). */
function kubefed(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args, `--kubeconfig=${kubeconfig}`], (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

interface KubeconfigDocument {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

beforeAll(async () => {
  state = await joinedLab();
  federation = state.federation;
  const directory = await mkdtemp(path.join(tmpdir(), 'kubefed-join-'));
  kubeconfig = path.join(directory, 'kubeconfig');
  await copyFile(state.kubeconfig, kubeconfig);
  const document = loadYaml<KubeconfigDocument>(await readFile(kubeconfig, 'utf8'));
  const aws = document.clusters.find((cluster) => cluster.name === 'awsk8s');
  document.clusters.push({ name: 'ghost', cluster: { ...aws?.cluster, server: 'https://127.0.0.1:1' } });
  document.contexts.push({ name: 'ghost', context: { cluster: 'ghost', user: document.contexts.find((c) => c.name === 'awsk8s')?.context.user ?? '' } });
  document.users.push({ name: 'impostor', user: { token: 'not-a-valid-token' } });
  document.contexts.push({ name: 'impostor', context: { cluster: 'awsk8s', user: 'impostor' } });
  // awsk8s without its CA, as a kubeconfig copied without certificate-authority-data would be.
  const { 'certificate-authority-data': _ca, ...withoutCa } = aws?.cluster ?? {};
  document.clusters.push({ name: 'aws-without-ca', cluster: withoutCa });
  document.contexts.push({ name: 'aws-without-ca', context: { cluster: 'aws-without-ca', user: document.contexts.find((c) => c.name === 'awsk8s')?.context.user ?? '' } });
  await writeFile(kubeconfig, dumpYaml(document));
  manager = await ControllerManager.start({ flags: fastFlags });
  await run(federation, ['create', 'namespace', namespace]);
});

afterAll(async () => {
  await run(federation, ['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  await manager?.stop();
});

const clusterNames = async () => ((await getJson<{ items: { metadata: { name: string } }[] }>(federation, ['clusters']))?.items ?? []).map((item) => item.metadata.name).sort();

describe('kubefed join', () => {
  test('is safe to run again', async () => {
    const before = await getJson<{ spec: unknown; metadata: { uid: string } }>(federation, ['cluster', 'gcek8s']);
    const result = await kubefed(['join', 'gcek8s', '--host-cluster-context=gcek8s', `--context=${federation}`]);
    expect(result).toMatchObject({ code: 0 });
    const after = await getJson<{ spec: unknown; metadata: { uid: string } }>(federation, ['cluster', 'gcek8s']);
    expect(after?.metadata.uid).toBe(before?.metadata.uid);
    expect(after?.spec).toEqual(before?.spec);
  });

  test.each([
    ['an unknown context', ['join', 'nowhere', '--host-cluster-context=gcek8s'], /context "nowhere" not found in kubeconfig/],
    ['an unreachable server', ['join', 'ghost', '--host-cluster-context=gcek8s'], /cannot reach cluster ghost .*127\.0\.0\.1:1.*ECONNREFUSED/],
    ['credentials the member rejects', ['join', 'impostor', '--host-cluster-context=gcek8s'], /rejected the kubeconfig's credentials \(HTTP 401/],
    ['a Cluster of that name for another server', ['join', 'gcek8s', '--host-cluster-context=gcek8s', '--cluster-context=awsk8s'], /a Cluster named gcek8s is already joined, for server/],
  ])('with %s fails with one clear message and makes nothing', async (_case, args, message) => {
    const before = await clusterNames();
    const secrets = await run(federation, ['get', 'secrets', '-n', 'federation-system', '-o', 'name']);
    const result = await kubefed([...args, `--context=${federation}`]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(await clusterNames()).toEqual(before);
    expect(await run(federation, ['get', 'secrets', '-n', 'federation-system', '-o', 'name'])).toBe(secrets);
  });
});

describe('kubefed join verifies the member', () => {
  const credentials = () => getJson<{ data: Record<string, string> }>(federation, ['secret', 'awsk8s-kubefed', '-n', 'federation-system']);
  const authority = async () => readFile(state.clusters.find((cluster) => cluster.name === 'awsk8s')?.certificateAuthority ?? '', 'utf8');

  test('refuses a context without a CA, changing nothing', async () => {
    const before = await credentials();
    const result = await kubefed(['join', 'awsk8s', '--cluster-context=aws-without-ca', '--host-cluster-context=gcek8s', `--context=${federation}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: cluster awsk8s: kubeconfig context aws-without-ca has no certificate-authority(-data) to verify the member\'s API server with; ' +
        'add the CA to the context, or pass --insecure-skip-tls-verify to trust the CA the member presents (trust on first use)\n',
    );
    expect(await credentials()).toEqual(before);
  });

  test('with --insecure-skip-tls-verify, trusts the CA the member presents on first use, says so with its fingerprint, and verifies with it after', async () => {
    const result = await kubefed(['join', 'awsk8s', '--cluster-context=aws-without-ca', '--insecure-skip-tls-verify', '--host-cluster-context=gcek8s', `--context=${federation}`]);
    expect(result.code).toBe(0);
    const fingerprint = new X509Certificate(await authority()).fingerprint256;
    expect(result.stderr).toContain(`warning: cluster awsk8s: --insecure-skip-tls-verify: trusting on first use the CA the member presented over an unverified connection (SHA-256 fingerprint ${fingerprint})`);
    expect(new X509Certificate(Buffer.from((await credentials())?.data['ca.crt'] ?? '', 'base64')).fingerprint256).toBe(fingerprint);
    await waitFor('awsk8s ready with the CA it was joined with', async () => {
      const cluster = await getJson<{ status?: { conditions?: { type: string; status: string }[] } }>(federation, ['cluster', 'awsk8s']);
      return cluster?.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') || cluster?.status;
    }, 30_000);
  });
});

describe('kubefed unjoin', () => {
  const copyIn = async (cluster: string, name: string) => getJson<{ metadata: { labels?: Record<string, string> } }>(cluster, ['configmap', name, '-n', namespace]);
  const rejoin = async () => {
    expect(await kubefed(['join', 'azurek8s', '--host-cluster-context=gcek8s', `--context=${federation}`])).toMatchObject({ code: 0 });
    await waitFor('azurek8s ready again', async () => {
      const cluster = await getJson<{ status?: { conditions?: { type: string; status: string; message?: string }[] } }>(federation, ['cluster', 'azurek8s']);
      const ready = cluster?.status?.conditions?.find((condition) => condition.type === 'Ready');
      // Anything but true is shown on timeout, with the controller-manager's last words on this cluster.
      return ready?.status === 'True' || { ready, log: manager.lines.filter((line) => line.cluster === 'azurek8s').slice(-8) };
    }, 30_000);
  };

  test('removes the Cluster, its Secret and the member service account; propagated objects stay', async () => {
    await run(federation, ['create', 'configmap', 'stays', '-n', namespace, '--from-literal=a=1']);
    await waitFor('stays in azurek8s', async () => (await copyIn('azurek8s', 'stays')) !== undefined, 30_000);
    const secretName = (await getJson<{ spec: { secretRef: { name: string } } }>(federation, ['cluster', 'azurek8s']))?.spec.secretRef.name ?? '';
    const result = await kubefed(['unjoin', 'azurek8s', `--context=${federation}`]);
    expect(result).toMatchObject({ code: 0 });
    expect(await getJson(federation, ['cluster', 'azurek8s'])).toBeUndefined();
    expect(await getJson(federation, ['secret', secretName, '-n', 'federation-system'])).toBeUndefined();
    expect(await getJson('azurek8s', ['serviceaccount', 'kubefed-master-control', '-n', 'federation-system'])).toBeUndefined();
    expect(await getJson('azurek8s', ['clusterrole', 'kubefed:kubefed-master-control'])).toBeUndefined();
    expect(await getJson('azurek8s', ['role', 'kubefed:kubefed-master-control:token', '-n', 'federation-system'])).toBeUndefined();
    expect(await getJson('azurek8s', ['validatingadmissionpolicy', 'kubefed-master-control-restrictions'])).toBeUndefined();
    expect(await getJson('azurek8s', ['validatingadmissionpolicybinding', 'kubefed-master-control-restrictions'])).toBeUndefined();
    expect(await getJson('azurek8s', ['configmap', 'kubefed-federation-master-control', '-n', 'federation-system'])).toBeUndefined();
    await run(federation, ['label', 'configmap', 'stays', '-n', namespace, 'after=unjoin']);
    expect(await copyIn('azurek8s', 'stays')).toBeDefined();
    await rejoin();
    await waitFor('the object managed again after the rejoin', async () => (await copyIn('azurek8s', 'stays'))?.metadata.labels?.after === 'unjoin', 30_000);
  });

  test('--delete-propagated also deletes what the federation propagated there', async () => {
    await waitFor('stays in azurek8s', async () => (await copyIn('azurek8s', 'stays')) !== undefined, 30_000);
    const result = await kubefed(['unjoin', 'azurek8s', `--context=${federation}`, '--delete-propagated']);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/deleted \d+ propagated object/);
    expect(await copyIn('azurek8s', 'stays')).toBeUndefined();
    expect(await copyIn('gcek8s', 'stays')).toBeDefined();
    await rejoin();
    await waitFor('the object propagated again after the rejoin', async () => (await copyIn('azurek8s', 'stays')) !== undefined, 30_000);
  });

  test('of a member that cannot be reached fails, says what stays valid there, and a second unjoin finishes once it is back', async () => {
    await stopMember(labDirectory(), 'azurek8s');
    let result;
    try {
      result = await kubefed(['unjoin', 'azurek8s', `--context=${federation}`]);
    } finally {
      await startMember(labDirectory(), 'azurek8s');
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cluster azurek8s could not be reached \(.*ECONNREFUSED.*\): kubefed's service account federation-system\/kubefed-master-control and its token are still valid in that cluster\. /);
    expect(result.stderr).toContain('Once it is reachable, run kubefed unjoin azurek8s again, or remove them yourself: kubectl --context=azurek8s -n federation-system delete serviceaccount/kubefed-master-control');
    expect(await getJson(federation, ['cluster', 'azurek8s'])).toBeUndefined();
    expect(await getJson('azurek8s', ['serviceaccount', 'kubefed-master-control', '-n', 'federation-system'])).toBeDefined();

    const again = await kubefed(['unjoin', 'azurek8s', `--context=${federation}`]);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain('service account federation-system/kubefed-master-control (and so its token)');
    expect(await getJson('azurek8s', ['serviceaccount', 'kubefed-master-control', '-n', 'federation-system'])).toBeUndefined();
    expect(await kubefed(['unjoin', 'azurek8s', `--context=${federation}`])).toMatchObject({ code: 1, stderr: 'error: cluster azurek8s is not joined to this federation\n' });
    await rejoin();
  });
});

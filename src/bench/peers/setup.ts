// What every system's set-up shares: applying manifests, waiting for conditions, members' credentials, free ports.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadAll } from 'js-yaml';
import { loadUserKubeConfig } from '../../cli/shared/contexts.js';
import { applyObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import type { KubeObject } from '../../core/objects.js';
import { collectionPath, customResourceDefinitions } from '../../kube/resources.js';
import { userName } from '../../cli/lab/index.js';
import type { LabState } from '../../cli/lab/index.js';
import type { BenchLab } from '../bench-lab.js';
import type { SystemProcess } from './process.js';
import type { Manifest, MemberAccess } from './system.js';
import { errorMessage } from '../../kube/errors.js';

export const benchFieldManager = 'kubefed-bench';

/** readManifests reads every YAML document of a file, or of every .yaml file under a directory. */
export async function readManifests(location: string): Promise<KubeObject[]> {
  const files = location.endsWith('.yaml')
    ? [location]
    : (await readdir(location, { recursive: true })).filter((file) => file.endsWith('.yaml')).sort().map((file) => path.join(location, file));
  const objects: KubeObject[] = [];
  for (const file of files) {
    for (const document of loadAll(await readFile(file, 'utf8'))) {
      if (document !== null && typeof document === 'object') {
        objects.push(document as KubeObject);
      }
    }
  }
  return objects;
}

/** apply server-side applies each manifest in order. */
export async function apply(client: KubeClient, manifests: readonly Manifest[]): Promise<void> {
  for (const { type, object } of manifests) {
    await applyObject(client, type, object, benchFieldManager);
  }
}

/** installDefinitions applies CRDs and waits until every one is Established. */
export async function installDefinitions(client: KubeClient, definitions: readonly KubeObject[], timeoutMs: number): Promise<void> {
  for (const definition of definitions) {
    // Status stanzas in upstream YAML are the server's to write.
    const { status: _status, ...rest } = definition;
    await applyObject(client, customResourceDefinitions, rest, benchFieldManager);
  }
  const names = new Set(definitions.map((definition) => definition.metadata.name));
  await waitFor(`${names.size} CRDs established`, timeoutMs, [], async () => {
    const list = await client.request<{ items: KubeObject[] }>({ path: collectionPath(customResourceDefinitions) });
    const established = list.items.filter((item) =>
      (item.status?.conditions ?? []).some(
        (condition) => condition.type === 'Established' && condition.status === 'True',
      ),
    );
    return [...names].every((name) => established.some((item) => item.metadata.name === name));
  });
}

/**
 * waitFor polls check until it holds. Set-up only (nothing here is a measured figure), so polling is good enough; a
 * process of the system that exits meanwhile fails the wait at once.
 */
export async function waitFor(description: string, timeoutMs: number, processes: readonly SystemProcess[], check: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    const dead = processes.find((candidate) => !candidate.running);
    if (dead) {
      throw new Error(`${dead.name} ${dead.exitDescription ?? 'exited'} while waiting for ${description}`);
    }
    try {
      if (await check()) {
        return;
      }
    } catch (error) {
      lastError = `: ${errorMessage(error)}`;
    }
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${description}${lastError}`);
    }
    await sleep(250);
  }
}

/** memberAccess reads each member's server, CA and admin token from the lab's kubeconfig. */
export async function memberAccess(lab: BenchLab): Promise<MemberAccess[]> {
  const config = loadUserKubeConfig(lab.state.kubeconfig);
  return Promise.all(
    lab.members.map(async (member) => {
      const cluster = lab.state.clusters.find((candidate) => candidate.name === member.name);
      const token = config.getUser(userName(member.name))?.token;
      if (cluster === undefined || token === undefined) {
        throw new Error(`the lab's kubeconfig has no credentials for ${member.name}`);
      }
      return { name: member.name, server: cluster.server, certificateAuthority: await readFile(cluster.certificateAuthority, 'utf8'), token };
    }),
  );
}

/** federationKubeconfig is the admin kubeconfig of the lab's federation API server alone (current context = it). */
export function federationKubeconfig(state: LabState): string {
  return path.join(state.directory, 'clusters', state.federation, 'kubeconfig');
}

/** etcdUrl is the lab's etcd client URL. */
export function etcdUrl(state: LabState): string {
  const port = state.etcd?.ports.client;
  if (port === undefined) {
    throw new Error('the lab has no etcd');
  }
  return `http://127.0.0.1:${port}`;
}

/** hasCondition says whether an object's status has a condition of the type with status "True". */
export function hasCondition(object: KubeObject | undefined, type: string): boolean {
  const conditions = object?.status?.conditions ?? [];
  return conditions.some((condition) => condition.type === type && condition.status === 'True');
}

/** klogStamp is a klog header's month, day and time of day ("1207 09:45:45"), sortable as text. */
export function klogStamp(line: string): string | undefined {
  const match = /^[IWEF](\d{4} \d{2}:\d{2}:\d{2})/.exec(line);
  return match?.[1];
}

/** stampOf renders a local time as klog stamps it, for comparison with klogStamp. */
export function stampOf(time: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(time.getMonth() + 1)}${two(time.getDate())} ${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}`;
}

/**
 * errorLines picks warning and error lines from logs (klog's W/E/F prefixes, or JSON levels), the last `limit`; with
 * `since`, klog lines from before it (start-up noise, when a later phase failed) are left out.
 */
export function errorLines(text: string, limit: number, since?: Date): string[] {
  const from = since === undefined ? undefined : stampOf(since);
  return text
    .split('\n')
    .filter((line) => /^[WEF]\d{4} |"level":"(warn|error|fatal)"|\b(error|failed)\b/i.test(line))
    // The lab's API servers authenticate by token only, so they publish no client CA; aggregated servers repeat that.
    .filter((line) => !line.includes('missing content for CA bundle'))
    .filter((line) => from === undefined || (klogStamp(line) ?? from) >= from)
    .slice(-limit)
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line));
}

// `lab partition|slow|heal CLUSTER` and `lab status`: ask a member's proxy for kubefed's path to it, or change it.
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { loopback } from './arguments.js';
import { LabError } from './launch.js';
import { labPaths } from './layout.js';
import type { ModeReport } from './proxy-control.js';
import { parseMode, renderMode, type ProxyMode } from './proxy-mode.js';
import { requireLab } from './member.js';
import { findCluster, findComponent, proxiedServer, type ClusterState, type LabState } from './state.js';
import { errorMessage } from '../../kube/errors.js';
import { isJsonObject } from '../../scheduling/go-json.js';

const timeoutMilliseconds = 5000;

function controlPort(state: LabState, cluster: ClusterState): number {
  const proxy = findComponent(cluster, 'member-proxy');
  if (cluster.role !== 'member') {
    throw new LabError(`${cluster.name} is the federation; only members have a proxy to partition, slow or heal`);
  }
  const port = proxy?.ports.control;
  if (port === undefined) {
    throw new LabError(`member ${cluster.name} has no proxy (the lab in ${state.directory} was started by an older kubefed); start a new lab with kubefed lab up`);
  }
  return port;
}

/** call sends one control request and returns the JSON answer, or throws one line saying what went wrong. */
async function call(state: LabState, cluster: ClusterState, method: 'GET' | 'PUT', body?: string): Promise<unknown> {
  const port = controlPort(state, cluster);
  const token = (await readFile(labPaths(state.directory).cluster(cluster.name).proxyToken, 'utf8')).trim();
  const log = findComponent(cluster, 'member-proxy')?.log ?? '';
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: loopback, port, path: '/mode', method, timeout: timeoutMilliseconds, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          try {
            const answer: unknown = JSON.parse(text);
            if (response.statusCode !== 200) {
              const error = isJsonObject(answer) && typeof answer.error === 'string' ? answer.error : text.trim();
              reject(new LabError(`the proxy of ${cluster.name} answered HTTP ${response.statusCode ?? 0}: ${error}`));
              return;
            }
            resolve(answer);
          } catch {
            reject(new LabError(`the proxy of ${cluster.name} answered HTTP ${response.statusCode ?? 0} with something that is not JSON; see ${log}`));
          }
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMilliseconds / 1000} s`)));
    outgoing.on('error', (error) => reject(new LabError(`the proxy of ${cluster.name} (control 127.0.0.1:${port}) is not answering: ${error.message}; see ${log}`)));
    outgoing.end(body);
  });
}

function report(value: unknown, source: string): ModeReport {
  const { connections, closedByKubefed, heldBytes, ...mode } = isJsonObject(value) ? value : {};
  return { ...parseMode(mode, source), connections: Number(connections), closedByKubefed: Number(closedByKubefed), heldBytes: Number(heldBytes) };
}

/** setMemberPath switches kubefed's path to a member and returns the mode before and after. */
export async function setMemberPath(directory: string, name: string, mode: ProxyMode): Promise<{ before: ProxyMode; after: ModeReport }> {
  const state = await requireLab(directory);
  const cluster = findCluster(state, name);
  const answer = await call(state, cluster, 'PUT', renderMode(mode));
  const { before, after } = isJsonObject(answer) ? answer : {};
  return { before: parseMode(before, `the proxy of ${name}`), after: report(after, `the proxy of ${name}`) };
}

/** memberPath reads kubefed's path to a member from its proxy. */
export async function memberPath(directory: string, name: string): Promise<ModeReport> {
  const state = await requireLab(directory);
  return report(await call(state, findCluster(state, name), 'GET'), `the proxy of ${name}`);
}

export interface MemberPathStatus {
  readonly cluster: string;
  /** https://127.0.0.1:PORT kubefed is joined to. */
  readonly server: string;
  /** The proxy's answer, or why there is none. */
  readonly path: ModeReport | { readonly error: string };
}

/** memberPaths asks every member's proxy, for `lab status`; a proxy that does not answer is reported, not thrown. */
export async function memberPaths(state: LabState): Promise<MemberPathStatus[]> {
  const members = state.clusters.filter((cluster) => cluster.role === 'member' && proxiedServer(cluster) !== undefined);
  return Promise.all(
    members.map(async (cluster) => {
      const server = proxiedServer(cluster) ?? '';
      try {
        return { cluster: cluster.name, server, path: report(await call(state, cluster, 'GET'), `the proxy of ${cluster.name}`) };
      } catch (error) {
        return { cluster: cluster.name, server, path: { error: errorMessage(error) } };
      }
    }),
  );
}

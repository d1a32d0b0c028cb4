// `lab stop CLUSTER` / `lab start CLUSTER`: take one cluster's API server away and bring it back, as an outage would.
import { awaitReady, LabError, launch } from './launch.js';
import { labPaths } from './layout.js';
import type { ComponentPlan } from './plan.js';
import { isRunning, stop } from './processes.js';
import { apiServerReadiness } from './readiness.js';
import { findCluster, findComponent, readLabState, writeLabState, type ClusterState, type ComponentState, type LabState } from './state.js';

/** requireLab reads the lab in DIR, or fails saying how to start one. */
export async function requireLab(directory: string): Promise<LabState> {
  const state = await readLabState(directory);
  if (state === undefined) {
    throw new LabError(`no lab in ${labPaths(directory).directory} (no lab.json); start one with: kubefed lab up --dir ${directory}`);
  }
  return state;
}

function apiServerOf(cluster: ClusterState): ComponentState {
  const component = findComponent(cluster, 'kube-apiserver');
  if (component === undefined) {
    throw new LabError(`cluster ${cluster.name} never got a kube-apiserver (its lab failed to start)`);
  }
  return component;
}

/**
 * stopMember stops only the cluster's kube-apiserver. Its data stays in etcd; its controllers and kwok keep running and
 * reconnect once startMember brings the API server back.
 */
export async function stopMember(directory: string, name: string): Promise<void> {
  const state = await requireLab(directory);
  await stop(apiServerOf(findCluster(state, name)));
}

/** startMember starts the cluster's kube-apiserver again, with the same port and arguments, and waits until it is ready. */
export async function startMember(directory: string, name: string): Promise<void> {
  const state = await requireLab(directory);
  const cluster = findCluster(state, name);
  const recorded = apiServerOf(cluster);
  if (await isRunning(recorded)) {
    return;
  }
  if (state.etcd === undefined || !(await isRunning(state.etcd))) {
    throw new LabError(`etcd of the lab in ${state.directory} is not running (see ${state.etcd?.log ?? 'its log'}); start a new lab with kubefed lab up`);
  }
  const plan: ComponentPlan = { cluster: name, component: 'kube-apiserver', command: recorded.command, ports: recorded.ports, log: recorded.log };
  const started = await launch(plan, async (component) => {
    recorded.pid = component.pid;
    await writeLabState(state);
  });
  try {
    await awaitReady(plan, started, apiServerReadiness(plan, labPaths(state.directory).cluster(name).servingCertificate));
  } catch (error) {
    await stop(recorded);
    throw error;
  }
}


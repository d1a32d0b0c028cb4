// `lab up`: one etcd, one kube-apiserver per cluster, and each cluster's controllers, all on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { createAuthority, issue } from '../init/certificates.js';
import { frontProxyClientName } from './arguments.js';
import { checkBinaries, locateBinaries, proxyCommand } from './binaries.js';
import { adminToken, renderTokenFile, serviceAccountKey } from './certificates.js';
import { waitUntil } from './health.js';
import { renderKubeconfig, userName, type KubeconfigCluster } from './kubeconfig.js';
import { labPaths, type LabPaths } from './layout.js';
import { awaitReady, componentTitle, failure, LabError, launch } from './launch.js';
import { createFakeNodes, fakeNodes, fakeNodesSchedulable } from './nodes.js';
import { planLab, portsNeeded, validateShape, type ClusterPlan, type ComponentPlan, type LabShape } from './plan.js';
import { freePorts } from './ports.js';
import { isRunning } from './processes.js';
import { apiServerReadiness, etcdReadiness, healthzReadiness, proxyReadiness, readAuthority } from './readiness.js';
import { labComponents, readLabState, writeLabState, type ClusterState, type ComponentName, type LabState } from './state.js';
import { stopComponents } from './stop-lab.js';
import { errorMessage } from '../../kube/errors.js';

export interface LabOptions extends LabShape {
  readonly dir: string;
  /** The binaries directory; else $KUBEFED_BINARIES, else scripts/kube-binaries.sh --locate. */
  readonly binaries?: string;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Aborting it (the CLI does on Ctrl-C) stops whatever was started, as any other failure does. */
  readonly signal?: AbortSignal;
}

const nodesTimeout = 90_000;

/** startLab starts a whole lab and returns its state; on any failure it stops whatever it started and throws one line. */
export async function startLab(options: LabOptions): Promise<LabState> {
  const began = Date.now();
  const say = (line: string): void => options.log?.(`${line} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  validateShape(options);
  const paths = labPaths(options.dir);
  await refuseRunningLab(paths);
  const binaries = await locateBinaries(options.binaries);
  const needed: ComponentName[] = ['etcd', 'kube-apiserver', 'kube-controller-manager'];
  const withWorkloads = options.workloads && options.members.length > 0;
  if (withWorkloads) {
    needed.push('kube-scheduler', 'kwok');
  }
  await checkBinaries(binaries, needed, withWorkloads);
  const proxy = await proxyCommand();

  await clearDirectory(paths);
  const plan = planLab(options, paths, binaries, await freePorts(portsNeeded(options)), proxy);
  const tokens = new Map<string, string>();
  for (const cluster of plan.clusters) {
    tokens.set(cluster.name, await writeSecrets(paths, cluster.name, cluster.role === 'member'));
  }
  if (options.aggregation) {
    await writeFrontProxy(paths, options.federation);
  }
  const state: LabState = {
    version: 1,
    directory: paths.directory,
    binaries,
    kubeconfig: paths.kubeconfig,
    federation: options.federation,
    startedAt: new Date().toISOString(),
    clusters: plan.clusters.map((cluster) => ({
      name: cluster.name,
      role: cluster.role,
      server: cluster.server,
      certificateAuthority: paths.cluster(cluster.name).certificateAuthority,
      workloads: cluster.workloads,
      nodes: cluster.nodes,
      components: [],
    })),
  };
  const saver = serialSaver(state);
  await saver.save();

  const abort = new AbortController();
  const interrupt = (): void => abort.abort(new LabError(`lab up interrupted: ${String(options.signal?.reason ?? 'aborted')}`));
  options.signal?.addEventListener('abort', interrupt, { once: true });
  try {
    abort.signal.throwIfAborted();
    const etcd = await launch(plan.etcd, async (component) => ((state.etcd = component), saver.save()), abort.signal);
    await awaitReady(plan.etcd, etcd, etcdReadiness(plan.etcd), abort.signal);
    say(`etcd ready on 127.0.0.1:${plan.etcd.ports.client}`);
    const clusterTasks = plan.clusters.map((cluster) =>
      startCluster(cluster, { paths, state, saver, token: tokens.get(cluster.name) ?? '', signal: abort.signal, say }).catch((error: unknown) => {
        abort.abort(error);
        throw error;
      }),
    );
    // allSettled: no task may still be spawning processes when the cleanup below runs.
    const outcomes = await Promise.allSettled(clusterTasks);
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) {
      throw abort.signal.reason ?? failed.reason;
    }
    await writeFile(paths.kubeconfig, renderKubeconfig(await kubeconfigClusters(state, tokens), options.federation), { mode: 0o600 });
    say(`lab up in ${paths.directory}`);
    return state;
  } catch (error) {
    options.log?.('stopping what was started');
    await saver.save();
    await stopComponents(state);
    throw error instanceof LabError ? error : new LabError(`lab up failed: ${errorMessage(error)}`);
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
  }
}

async function refuseRunningLab(paths: LabPaths): Promise<void> {
  const previous = await readLabState(paths.directory);
  if (previous === undefined) {
    return;
  }
  for (const { cluster, component } of labComponents(previous)) {
    if (await isRunning(component)) {
      const title = componentTitle({ cluster, component: component.component });
      throw new LabError(
        `a lab is still running in ${paths.directory} (${title}, pid ${component.pid}, log ${component.log}); stop it with: kubefed lab down --dir ${paths.directory}`,
      );
    }
  }
}

/** Only what a lab writes is removed, so a DIR that also holds other files keeps them. */
async function clearDirectory(paths: LabPaths): Promise<void> {
  for (const target of [paths.state, paths.kubeconfig, paths.etcdData, paths.clusters, paths.logs]) {
    await rm(target, { recursive: true, force: true });
  }
  await mkdir(paths.logs, { recursive: true });
}

/**
 * Each cluster gets its own service-account key and admin token, so no cluster accepts another's credentials; each
 * member's proxy its own control token, so only whoever can read the lab directory can cut a member off.
 */
async function writeSecrets(paths: LabPaths, cluster: string, member: boolean): Promise<string> {
  const files = paths.cluster(cluster);
  await mkdir(files.certificates, { recursive: true });
  const token = adminToken();
  await writeFile(files.serviceAccountKey, serviceAccountKey(), { mode: 0o600 });
  await writeFile(files.tokens, renderTokenFile(token, userName(cluster)), { mode: 0o600 });
  if (member) {
    await writeFile(files.proxyToken, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return token;
}

/** The front proxy's own CA signs the client certificate the federation apiserver presents to aggregated API servers. */
async function writeFrontProxy(paths: LabPaths, federation: string): Promise<void> {
  const files = paths.cluster(federation).frontProxy;
  const now = new Date();
  const authority = createAuthority('front-proxy-ca', now);
  const client = issue(authority, { commonName: frontProxyClientName, usage: 'client' }, now);
  await writeFile(files.authority, authority.cert);
  await writeFile(files.certificate, client.cert);
  await writeFile(files.key, client.key, { mode: 0o600 });
}

/** Saves run one after another (parallel cluster starts record components concurrently) and always write the latest state. */
function serialSaver(state: LabState): { save(): Promise<void> } {
  let last = Promise.resolve();
  return {
    save() {
      last = last.catch(() => undefined).then(() => writeLabState(state));
      return last;
    },
  };
}

interface ClusterContext {
  readonly paths: LabPaths;
  readonly state: LabState;
  readonly saver: { save(): Promise<void> };
  readonly token: string;
  readonly signal: AbortSignal;
  readonly say: (line: string) => void;
}

async function startCluster(cluster: ClusterPlan, context: ClusterContext): Promise<void> {
  const { paths, state, saver, signal, say } = context;
  const files = paths.cluster(cluster.name);
  const entry = state.clusters.find((candidate) => candidate.name === cluster.name) as ClusterState;
  const record = async (component: ClusterState['components'][number]): Promise<void> => {
    entry.components.push(component);
    await saver.save();
  };

  const apiServer = await launch(cluster.apiServer, record, signal);
  await awaitReady(cluster.apiServer, apiServer, apiServerReadiness(cluster.apiServer, files.servingCertificate), signal);
  const authority = await readAuthority(files.servingCertificate);
  await writeFile(files.certificateAuthority, authority);
  const ownCluster: KubeconfigCluster = { name: cluster.name, server: cluster.server, certificateAuthority: authority, token: context.token };
  await writeFile(files.componentKubeconfig, renderKubeconfig([ownCluster], cluster.name), { mode: 0o600 });
  say(`kube-apiserver of ${cluster.name} (${cluster.role}) ready at ${cluster.server}`);

  const controllers = await Promise.all(cluster.controllers.map(async (plan) => ({ plan, started: await launch(plan, record, signal) })));
  const waits: Promise<void>[] = controllers
    .filter(({ plan }) => plan.component !== 'kwok')
    .map(({ plan, started }) => awaitReady(plan, started, healthzReadiness(plan), signal).then(() => say(`${componentTitle(plan)} healthy`)));
  if (cluster.proxy !== undefined) {
    const proxy = cluster.proxy;
    const started = await launch(proxy, record, signal);
    waits.push(awaitReady(proxy, started, proxyReadiness(proxy), signal).then(() => say(`kubefed's path to ${cluster.name}: ${cluster.proxiedServer ?? ''}`)));
  }
  const kwok = controllers.find(({ plan }) => plan.component === 'kwok');
  if (kwok !== undefined && cluster.nodes > 0) {
    waits.push(readyNodes(cluster, ownCluster, kwok.plan, kwok.started.exited, signal).then(() => say(`${cluster.nodes} fake nodes of ${cluster.name} Ready`)));
  }
  await Promise.all(waits);
}

/** Nodes are Ready once kwok heartbeats them and the node-lifecycle controller has lifted the not-ready taint. */
async function readyNodes(cluster: ClusterPlan, own: KubeconfigCluster, kwok: ComponentPlan, exited: Promise<string>, signal: AbortSignal): Promise<void> {
  const config = new KubeConfig();
  config.loadFromString(renderKubeconfig([own], own.name));
  const nodes = fakeNodes(cluster.name, cluster.nodes);
  const names = nodes.map((node) => node.metadata?.name ?? '');
  try {
    await createFakeNodes(config, nodes);
    await waitUntil(`fake nodes of ${cluster.name} becoming Ready`, fakeNodesSchedulable(config, names), {
      timeoutMilliseconds: nodesTimeout,
      exited,
      signal,
    });
  } catch (error) {
    throw await failure(kwok, error, signal);
  }
}

async function kubeconfigClusters(state: LabState, tokens: ReadonlyMap<string, string>): Promise<KubeconfigCluster[]> {
  return Promise.all(
    state.clusters.map(async (cluster) => ({
      name: cluster.name,
      server: cluster.server,
      certificateAuthority: await readFile(cluster.certificateAuthority, 'utf8'),
      token: tokens.get(cluster.name) ?? '',
    })),
  );
}

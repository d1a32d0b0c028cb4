import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { contextClient, loadUserKubeConfig } from '../cli/contexts.js';
import { ExitCode, exitWith, Progress, type Writer } from '../cli/output.js';
import { applyObject, deleteObject, getObject } from '../kube/apply.js';
import { KubeClient } from '../kube/client.js';
import { errorMessage } from '../kube/errors.js';
import type { KubeList, KubeObject } from '../kube/objects.js';
import { collectionPath, customResourceDefinitions, namespaces, nodes as nodeType, pods, secrets } from '../kube/resources.js';
import type { SecretObject } from '../members/cluster.js';
import { dryRunOutput } from './dry-run.js';
import { apiServerEndpoint, type NodeObject, type ServiceObject, servingNames } from './endpoint.js';
import { existingPki } from './existing.js';
import { apiServerService, namespaceObject } from './host-objects.js';
import type { KeyPair } from './certificates.js';
import { withFederationContext } from './kubeconfig.js';
import { kubeconfigPath, readKubeconfigDocument, writeKubeconfigDocument } from './kubeconfig-file.js';
import { readShippedManifests } from './manifests.js';
import { componentSelector, controlPlane, federationNameAnnotation } from './names.js';
import { initObjects, type InitObjects, workloadsToAwait } from './objects.js';
import { type InitOptions, validateInitOptions } from './options.js';
import { ensurePki } from './pki.js';
import { missingPermissions, reachHost } from './preflight.js';
import { workloadReadiness } from './readiness.js';
import { statefulSets, typeOf } from './resource-types.js';
import { deployments } from '../kube/resources.js';

const pollMs = 2_000;

async function applyAll(client: KubeClient, objects: KubeObject[], print: (line: string) => void): Promise<void> {
  for (const object of objects) {
    const type = typeOf(object.kind);
    await applyObject(client, type, object);
    print(`applied ${type.plural}${type.group ? `.${type.group}` : ''}/${object.metadata.name ?? ''}`);
  }
}

/** until polls check (which returns a verdict) until it is done or the deadline passes. */
async function until<T>(deadline: number, what: string, check: () => Promise<{ done: boolean; value?: T }>): Promise<T | undefined> {
  for (;;) {
    const outcome = await check();
    if (outcome.done) {
      return outcome.value;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
  }
}

async function existingSecrets(client: KubeClient): Promise<Record<string, SecretObject | undefined>> {
  const names = Object.values(controlPlane.secrets);
  const found = await Promise.all(names.map((name) => getObject<SecretObject>(client, secrets, name, controlPlane.namespace)));
  return Object.fromEntries(names.map((name, index) => [name, found[index]]));
}

async function listNodes(client: KubeClient): Promise<NodeObject[]> {
  try {
    return (await client.request<KubeList<NodeObject>>({ path: collectionPath(nodeType) })).items;
  } catch {
    // Without the right to list nodes, NodePort needs --api-server-advertise-address; the endpoint says so.
    return [];
  }
}

function federationClient(server: string, authorityPem: string, admin: KeyPair): Promise<KubeClient> {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'federation', server, caData: Buffer.from(authorityPem).toString('base64') }],
    users: [{ name: 'admin', certData: Buffer.from(admin.cert).toString('base64'), keyData: Buffer.from(admin.key).toString('base64') }],
    contexts: [{ name: 'federation', cluster: 'federation', user: 'admin' }],
    currentContext: 'federation',
  });
  return KubeClient.create(config, { timeoutMs: 10_000 });
}

/** The kinds init writes in the host, to check permissions before anything is made. */
function hostKinds(options: InitOptions): KubeObject[] {
  const kinds = ['Namespace', 'ServiceAccount', 'Secret', 'Service', 'Deployment', 'PodDisruptionBudget', ...(options.etcdServers ? [] : ['StatefulSet', 'NetworkPolicy'])];
  return kinds.map((kind) => ({ kind, metadata: {} }));
}

/**
 * runInit sets up a federation control plane in the host cluster. Every step is idempotent
 * (server-side apply, credentials reused), so a re-run resumes where an earlier one stopped. A run
 * that fails before the control plane's objects are all in place deletes the namespace if it
 * created it; later failures (waiting) leave everything for the next run to finish.
 */
export async function runInit(options: InitOptions, writer: Writer): Promise<void> {
  const say = (line: string) => writer.err(`${line}\n`);
  const problems = validateInitOptions(options);
  if (problems.length > 0) {
    say(`error: ${problems.join('\n  ')}`);
    exitWith(ExitCode.usage, 'invalid options');
  }
  const config = loadUserKubeConfig(options.kubeconfig);
  const manifests = readShippedManifests();
  const file = kubeconfigPath(options.kubeconfig);
  const local = await readKubeconfigDocument(file);
  const now = new Date();

  if (options.dryRun) {
    if (!config.getContextObject(options.hostContext)) {
      await contextClient(config, options.hostContext, 'host cluster (--host-cluster-context)');
    }
    const { pki } = ensurePki(options.name, existingPki({}, local, options.name), servingNames(options), now);
    writer.out(dryRunOutput(initObjects(options, pki, manifests), options.name, options.hostContext));
    say(`dry run: nothing was changed; init would write the kubeconfig context ${options.name} to ${file}`);
    return;
  }

  const host = await contextClient(config, options.hostContext, 'host cluster (--host-cluster-context)');
  const deadline = Date.now() + options.waitTimeoutMs;
  try {
    await reachHost(host.client, host.context);
    const denied = await missingPermissions(host.client, hostKinds(options));
    if (denied.length > 0) {
      throw new Error(`missing permissions in the host cluster (context ${host.context}): ${denied.join(', ')}`);
    }
    const existingNamespace = await getObject(host.client, namespaces, controlPlane.namespace);
    const other = existingNamespace?.metadata.annotations?.[federationNameAnnotation];
    if (other && other !== options.name) {
      throw new Error(`the host cluster already runs federation "${other}" in namespace ${controlPlane.namespace}; a host holds one federation`);
    }

    let objects: InitObjects;
    let hostApplied = false;
    let service: ServiceObject;
    let nodes: NodeObject[] = [];
    try {
      await applyAll(host.client, [namespaceObject(options.name), apiServerService(options)], say);
      service = (await getObject<ServiceObject>(host.client, typeOf('Service'), controlPlane.apiServer, controlPlane.namespace)) as ServiceObject;
      if (options.apiServerServiceType === 'NodePort' && !options.apiServerAdvertiseAddress) {
        nodes = await listNodes(host.client);
      }
      if (options.apiServerServiceType === 'LoadBalancer' && !options.skipWait) {
        const progress = new Progress(say);
        service = (await until(deadline, 'the load balancer address of Service apiserver (use --api-server-service-type=NodePort where there is no load balancer)', async () => {
          const current = (await getObject<ServiceObject>(host.client, typeOf('Service'), controlPlane.apiServer, controlPlane.namespace)) as ServiceObject;
          const endpoint = apiServerEndpoint(options, current, nodes);
          progress.update('address', 'server' in endpoint ? `load balancer address: ${endpoint.server}` : `waiting: ${endpoint.waiting}`);
          return { done: 'server' in endpoint, value: current };
        })) as ServiceObject;
      }
      const reuse = await existingSecrets(host.client);
      const { pki, issued } = ensurePki(options.name, existingPki(reuse, local, options.name), servingNames(options, service, nodes), now);
      say(issued.length > 0 ? `credentials issued: ${issued.join(', ')}` : 'credentials reused from the previous run');
      objects = initObjects(options, pki, manifests);
      await applyAll(host.client, objects.host.slice(1), say);
      hostApplied = true;

      const endpoint = apiServerEndpoint(options, service, nodes);
      if ('server' in endpoint) {
        await writeKubeconfigDocument(file, withFederationContext(local, options.name, endpoint.server, pki.authority.cert, pki.admin));
        say(`kubeconfig: context ${options.name} -> ${endpoint.server} (${file})`);
      } else {
        say(`kubeconfig: context ${options.name} not written yet: ${endpoint.waiting}; run this kubefed init again to finish`);
      }
      if (options.skipWait) {
        say('--skip-wait: not waiting for the control plane, so the Cluster CRD and RBAC are not installed in the federation API server yet;');
        say(`run this kubefed init again without --skip-wait once the pods run, to wait for them and finish.`);
        return;
      }
      if (!('server' in endpoint)) {
        throw new Error(`no address for the federation API server: ${endpoint.waiting}`);
      }

      const progress = new Progress(say);
      await until(deadline, 'the control plane pods to be ready', async () => {
        const states = await Promise.all(
          workloadsToAwait(objects).map(async ({ kind, name }) => {
            const workload = await getObject<KubeObject>(host.client, kind === 'StatefulSet' ? statefulSets : deployments, name, controlPlane.namespace);
            const component = (workload?.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
            const selector = Object.entries(component ?? componentSelector(name)).map(([key, value]) => `${key}=${value}`).join(',');
            const list = await host.client.request<KubeList>({ path: collectionPath(pods, controlPlane.namespace), query: { labelSelector: selector } });
            return workloadReadiness(name, workload, list.items);
          }),
        );
        states.forEach((state) => progress.update(state.name, state.text));
        return { done: states.every((state) => state.ready) };
      });

      const federation = await federationClient(endpoint.server, pki.authority.cert, pki.admin);
      try {
        await until(deadline, `the federation API server at ${endpoint.server} to answer /readyz`, async () => {
          try {
            const body = await federation.request<string>({ path: '/readyz', text: true, timeoutMs: 5_000 });
            return { done: body.trim() === 'ok' };
          } catch (error) {
            progress.update('readyz', `federation API server: ${errorMessage(error)}`);
            return { done: false };
          }
        });
        await applyAll(federation, objects.federation, (line) => say(`federation: ${line}`));
        const definitions = objects.federation.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => object.metadata.name ?? '');
        await until(deadline, `the CustomResourceDefinitions ${definitions.join(', ')} to be established`, async () => {
          const found = await Promise.all(definitions.map((name) => getObject<KubeObject>(federation, customResourceDefinitions, name)));
          const established = found.every((crd) =>
            (crd?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((condition) => condition.type === 'Established' && condition.status === 'True'),
          );
          return { done: established };
        });
      } finally {
        await federation.close();
      }
      writer.out(`Federation API server is running at: ${endpoint.server}\n`);
      writer.out(`Join clusters with: kubefed join CLUSTER --host-cluster-context=${options.hostContext} --context=${options.name}\n`);
    } catch (error) {
      if (!existingNamespace && !hostApplied) {
        await deleteObject(host.client, namespaces, controlPlane.namespace).then(
          () => say(`cleaned up: deleted namespace ${controlPlane.namespace}, which this run created`),
          (cleanup: unknown) => say(`could not clean up namespace ${controlPlane.namespace}: ${errorMessage(cleanup)}`),
        );
      } else {
        say(`init stopped; what was made stays in place: run the same kubefed init again to resume`);
      }
      throw error;
    }
  } finally {
    await host.client.close();
  }
}

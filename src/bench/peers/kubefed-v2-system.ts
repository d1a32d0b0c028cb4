// KubeFed v2 on a bench lab: CRDs, KubeFedConfig and FederatedTypeConfigs from its chart, members joined by hand, its
// controller-manager started and stopped by the benchmark.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deleteObject, getObject } from '../../kube/apply.js';
import type { KubeObject } from '../../core/objects.js';
import { collectionPath, configMaps, namespaces, secrets } from '../../kube/resources.js';
import { freePorts } from '../../cli/lab/ports.js';
import type { BenchLab } from '../bench-lab.js';
import type { Workload } from '../workload.js';
import {
  federatedNamespace,
  federatedObject,
  federatedRevisionPatch,
  federatedType,
  federatedTypeConfigNames,
  kubeFedConfig,
  syncWorkers,
  kubefedV2Arguments,
  kubefedV2MemberRate,
  kubefedV2Namespace,
  kubefedV2Tuning,
  kubefedV2Types,
  kubefedV2Version,
  memberRegistration,
} from './kubefed-v2.js';
import { assertLoopback } from './listeners.js';
import { SystemProcess } from './process.js';
import { apply, errorLines, federationKubeconfig, hasCondition, installDefinitions, memberAccess, readManifests, waitFor } from './setup.js';
import type { Manifest, Profile, SystemDescription, SystemUnderTest } from './system.js';

export class KubefedV2System implements SystemUnderTest {
  readonly name = 'kubefed-v2' as const;
  readonly federatedType;
  /** Its leader election cannot be turned off; the lock is a ConfigMap in the federation (resourceLock: configmaps). */
  readonly leaderElectionWrites = [{ cluster: 'federation', resource: 'configmaps' }];
  #process?: SystemProcess;
  #command: string[] = [];
  readonly #log: string;

  constructor(
    readonly profile: Profile,
    readonly lab: BenchLab,
    readonly workload: Workload,
    readonly binaries: string,
    readonly timeoutMs: number,
    readonly log: (line: string) => void,
  ) {
    this.federatedType = federatedType(workload);
    this.#log = path.join(lab.directory, 'logs', 'kubefed-v2-controller-manager.log');
  }

  get #members(): string[] {
    return this.lab.members.map((member) => member.name);
  }

  federatedObject(namespace: string, index: number): KubeObject {
    return federatedObject(this.workload, this.workload.object(namespace, index), this.#members);
  }

  revisionPatch(revision: number): Record<string, unknown> {
    return federatedRevisionPatch(this.workload, revision);
  }

  namespaceObjects(namespace: string): Manifest[] {
    return [{ type: kubefedV2Types.federatedNamespace, object: federatedNamespace(namespace, this.#members) }];
  }

  async start(): Promise<void> {
    const client = this.lab.federation.writer;
    await apply(client, [{ type: namespaces, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: kubefedV2Namespace } } }]);
    const definitions = [...(await readManifests(path.join(this.binaries, 'core-crds.yaml'))), ...(await readManifests(path.join(this.binaries, 'federated-crds.yaml')))];
    await installDefinitions(client, definitions, this.timeoutMs);
    const wanted = new Set(federatedTypeConfigNames(this.workload));
    const typeConfigs = (await readManifests(path.join(this.binaries, 'federatedtypeconfigs.yaml')))
      .filter((object) => wanted.has(object.metadata.name ?? ''))
      .map((object) => ({ type: kubefedV2Types.federatedTypeConfig, object: { ...object, metadata: { ...object.metadata, namespace: kubefedV2Namespace } } }));
    await apply(client, [{ type: kubefedV2Types.kubeFedConfig, object: kubeFedConfig(this.profile) }, ...typeConfigs]);
    for (const member of await memberAccess(this.lab)) {
      const [secret, cluster] = memberRegistration(member);
      await apply(client, [
        { type: secrets, object: secret },
        { type: kubefedV2Types.kubeFedCluster, object: cluster },
      ]);
    }
    await this.startControllers();
    await waitFor('KubeFedClusters Ready', this.timeoutMs, this.processes(), async () => {
      const list = await client.request<{ items: KubeObject[] }>({ path: collectionPath(kubefedV2Types.kubeFedCluster, kubefedV2Namespace) });
      return list.items.length === this.lab.members.length && list.items.every((item) => hasCondition(item, 'Ready'));
    });
    await waitFor('FederatedTypeConfigs running', this.timeoutMs, this.processes(), async () => {
      const list = await client.request<{ items: KubeObject[] }>({ path: collectionPath(kubefedV2Types.federatedTypeConfig, kubefedV2Namespace) });
      return list.items.filter((item) => item.status?.propagationController === 'Running').length >= wanted.size;
    });
  }

  async startControllers(): Promise<void> {
    const [metrics, healthz] = (await freePorts(2)) as [number, number];
    this.#command = [path.join(this.binaries, 'controller-manager'), ...kubefedV2Arguments(this.profile, federationKubeconfig(this.lab.state), { metrics, healthz })];
    const process = SystemProcess.start({ name: 'kubefed-v2-controller-manager', command: this.#command, log: this.#log });
    this.#process = process;
    await waitFor('the KubeFed v2 controller-manager serving /healthz', this.timeoutMs, [process], async () => {
      const response = await fetch(`http://127.0.0.1:${healthz}/healthz`);
      return response.ok;
    });
    // Leadership comes before any controller; a fresh lock is taken at once.
    await waitFor('the KubeFed v2 controller-manager leading', this.timeoutMs, [process], async () => {
      const lock = await getObject<KubeObject>(this.lab.federation.writer, configMaps, 'kubefed-controller-manager', kubefedV2Namespace);
      return (lock?.metadata.annotations?.['control-plane.alpha.kubernetes.io/leader'] ?? '').includes(`"renewTime"`);
    });
    await assertLoopback(process.name, process.pid);
  }

  async stopControllers(): Promise<void> {
    await this.#process?.stop();
    this.#process = undefined;
    // The lock is not released on exit; without this the next process waits out the lease (15 s).
    await deleteObject(this.lab.federation.writer, configMaps, 'kubefed-controller-manager', kubefedV2Namespace);
  }

  processes(): readonly SystemProcess[] {
    return this.#process ? [this.#process] : [];
  }

  describe(): SystemDescription {
    return {
      system: this.name,
      profile: this.profile,
      version: kubefedV2Version,
      components: { 'kubefed-v2-controller-manager': this.#command },
      notes: [
        `KubeFedConfig: the chart's defaults, syncController.maxConcurrentReconciles ${syncWorkers(this.profile)}`,
        this.profile === 'tuned'
          ? `tuned: maxConcurrentReconciles ${kubefedV2Tuning.maxConcurrentReconciles} and host QPS ${kubefedV2Tuning.hostQps}/${kubefedV2Tuning.hostBurst} (kubefed's own workers and federation rate)`
          : 'defaults: host client 100 QPS, burst 200 (the flag defaults)',
        `member clients: ${kubefedV2MemberRate.qps} QPS, burst ${kubefedV2MemberRate.burst}, hard-coded in v0.10.0 (pkg/controller/util/cluster_util.go), per member and per federated type`,
        'leader election always on (configmaps lock); its renewals are counted apart',
        this.workload.kind === 'deployment' ? 'Deployments: the template asks each member for its share of replicas (no ReplicaSchedulingPreference)' : 'ConfigMaps: FederatedConfigMap placed on every member',
      ],
    };
  }

  async errorLines(limit: number, since?: Date): Promise<string[]> {
    return errorLines(await readFile(this.#log, 'utf8').catch(() => ''), limit, since);
  }

  async stop(): Promise<void> {
    await this.#process?.stop();
  }
}

// Karmada (push mode) on a bench lab, brought up in the order its binary install uses: CRDs, the aggregated apiserver
// and its APIService, the webhook and its configuration, then the controllers and the member Clusters.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getObject } from '../../kube/apply.js';
import type { KubeObject } from '../../core/objects.js';
import { collectionPath, namespaces, type ResourceType, secrets, services } from '../../kube/resources.js';
import { probe } from '../../cli/lab/health.js';
import { freePorts } from '../../cli/lab/ports.js';
import { createAuthority, issue } from '../../cli/init/certificates.js';
import type { BenchLab } from '../bench-lab.js';
import type { Workload } from '../workload.js';
import {
  aggregatedApiServerObjects,
  isClusterReady,
  karmadaClusterNamespace,
  karmadaCommands,
  type KarmadaComponent,
  karmadaMemberRegistration,
  type KarmadaPorts,
  karmadaSystemNamespace,
  karmadaTuning,
  karmadaTypes,
  karmadaVersion,
  propagationPolicy,
  webhookConfigurations,
} from './karmada.js';
import { assertLoopback } from './listeners.js';
import { SystemProcess } from './process.js';
import { apply, errorLines, etcdUrl, federationKubeconfig, hasCondition, installDefinitions, memberAccess, readManifests, waitFor } from './setup.js';
import type { Manifest, Profile, SystemDescription, SystemUnderTest } from './system.js';

/** The processes a restart stops and starts again: those that reconcile (the servers hold no state of their own). */
const controllers: readonly KarmadaComponent[] = ['karmada-controller-manager', 'karmada-scheduler'];

const namespace = (name: string): Manifest => ({ type: namespaces, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });

export class KarmadaSystem implements SystemUnderTest {
  readonly name = 'karmada' as const;
  readonly federatedType: ResourceType;
  readonly leaderElectionWrites = [];
  readonly #processes = new Map<KarmadaComponent, SystemProcess>();
  #commands?: Record<KarmadaComponent, string[]>;
  #ports?: KarmadaPorts;

  constructor(
    readonly profile: Profile,
    readonly lab: BenchLab,
    readonly workload: Workload,
    readonly binaries: string,
    readonly timeoutMs: number,
    readonly log: (line: string) => void,
  ) {
    this.federatedType = workload.type;
  }

  federatedObject(namespace: string, index: number): KubeObject {
    return this.workload.object(namespace, index);
  }

  revisionPatch(revision: number): Record<string, unknown> {
    return this.workload.revisionPatch(revision);
  }

  namespaceObjects(namespace: string): Manifest[] {
    const labels = this.workload.object(namespace, 0).metadata.labels ?? {};
    const members = this.lab.members.map((member) => member.name);
    return [{ type: karmadaTypes.propagationPolicy, object: propagationPolicy(this.workload, namespace, members, labels) }];
  }

  #logFile(component: KarmadaComponent): string {
    return path.join(this.lab.directory, 'logs', `${component.replace(/[^a-z-]+/g, '-').replace(/-+$/, '')}.log`);
  }

  #start(component: KarmadaComponent): SystemProcess {
    const command = this.#commands?.[component];
    if (command === undefined) {
      throw new Error(`no command for ${component}`);
    }
    const process = SystemProcess.start({ name: component, command, log: this.#logFile(component) });
    this.#processes.set(component, process);
    return process;
  }

  async #healthy(component: KarmadaComponent, url: string): Promise<void> {
    const process = this.#processes.get(component);
    if (!process) {
      throw new Error(`karmada: ${component} was not started`);
    }
    await waitFor(`${component} answering ${url}`, this.timeoutMs, [process], async () => (await probe({ url, insecure: true })).status === 200);
    await assertLoopback(component, process.pid);
  }

  async start(): Promise<void> {
    const client = this.lab.federation.writer;
    const directory = path.join(this.lab.directory, 'karmada');
    const files = {
      binaries: this.binaries,
      labBinaries: this.lab.state.binaries,
      kubeconfig: federationKubeconfig(this.lab.state),
      aggregatedCertificates: path.join(directory, 'aggregated-apiserver'),
      webhookCertificates: path.join(directory, 'webhook'),
      etcd: etcdUrl(this.lab.state),
    };
    const [aggregatedApiServer, webhook, webhookMetrics, webhookHealth, controllerMetrics, controllerHealth, schedulerMetrics, schedulerHealth, garbageCollector] =
      (await freePorts(9)) as [number, number, number, number, number, number, number, number, number];
    this.#ports = { aggregatedApiServer, webhook, webhookMetrics, webhookHealth, controllerMetrics, controllerHealth, schedulerMetrics, schedulerHealth, garbageCollector };
    this.#commands = karmadaCommands(this.profile, files, this.#ports);

    await apply(client, [namespace(karmadaSystemNamespace), namespace(karmadaClusterNamespace)]);
    await installDefinitions(client, await readManifests(path.join(this.binaries, 'crds')), this.timeoutMs);

    await mkdir(files.aggregatedCertificates, { recursive: true });
    this.#start('karmada-aggregated-apiserver');
    await this.#healthy('karmada-aggregated-apiserver', `https://127.0.0.1:${aggregatedApiServer}/readyz`);
    const [service, apiService] = aggregatedApiServerObjects(aggregatedApiServer);
    await apply(client, [
      { type: services, object: service },
      { type: karmadaTypes.apiService, object: apiService },
    ]);
    await waitFor('the Cluster API available through the aggregator', this.timeoutMs, this.processes(), async () =>
      hasCondition(await getObject(client, karmadaTypes.apiService, 'v1alpha1.cluster.karmada.io'), 'Available'),
    );

    // The webhook serves TLS with a certificate for 127.0.0.1 from a CA of its own; the configurations carry that CA.
    const now = new Date();
    const authority = createAuthority('karmada-webhook-ca', now);
    const serving = issue(authority, { commonName: 'karmada-webhook', usage: 'server', ips: ['127.0.0.1'] }, now);
    await mkdir(files.webhookCertificates, { recursive: true });
    await writeFile(path.join(files.webhookCertificates, 'tls.crt'), serving.cert);
    await writeFile(path.join(files.webhookCertificates, 'tls.key'), serving.key, { mode: 0o600 });
    this.#start('karmada-webhook');
    // Its readiness is served on the webhook port itself (cmd/webhook/app/webhook.go: /readyz/ on the webhook mux).
    await this.#healthy('karmada-webhook', `https://127.0.0.1:${webhook}/readyz/`);
    const template = await readFile(path.join(this.binaries, 'webhook-configuration.yaml'), 'utf8');
    await apply(
      client,
      webhookConfigurations(template, webhook, authority.cert).map((object) => ({
        type: object.kind === 'MutatingWebhookConfiguration' ? karmadaTypes.mutatingWebhookConfiguration : karmadaTypes.validatingWebhookConfiguration,
        object,
      })),
    );

    this.#start('kube-controller-manager (garbage collector)');
    await this.#healthy('kube-controller-manager (garbage collector)', `https://127.0.0.1:${garbageCollector}/healthz`);
    await this.startControllers();

    for (const member of await memberAccess(this.lab)) {
      const [secret, cluster] = karmadaMemberRegistration(member);
      await apply(client, [
        { type: secrets, object: secret },
        { type: karmadaTypes.cluster, object: cluster },
      ]);
    }
    await waitFor('Karmada Clusters Ready, untainted, with their APIs collected', this.timeoutMs, this.processes(), async () => {
      const list = await client.request<{ items: KubeObject[] }>({ path: collectionPath(karmadaTypes.cluster) });
      return list.items.length === this.lab.members.length && list.items.every(isClusterReady);
    });
  }

  async startControllers(): Promise<void> {
    const ports = this.#ports;
    if (!ports) {
      throw new Error('karmada: controllers started before the control plane');
    }
    this.#start('karmada-controller-manager');
    this.#start('karmada-scheduler');
    await this.#healthy('karmada-controller-manager', `http://127.0.0.1:${ports.controllerHealth}/healthz`);
    await this.#healthy('karmada-scheduler', `http://127.0.0.1:${ports.schedulerHealth}/healthz`);
  }

  async stopControllers(): Promise<void> {
    for (const component of controllers) {
      await this.#processes.get(component)?.stop();
      this.#processes.delete(component);
    }
  }

  processes(): readonly SystemProcess[] {
    return [...this.#processes.values()];
  }

  describe(): SystemDescription {
    return {
      system: this.name,
      profile: this.profile,
      version: karmadaVersion,
      components: { ...(this.#commands ?? {}) },
      notes: [
        this.profile === 'tuned'
          ? `tuned: --kube-api-qps=${karmadaTuning.qps} --kube-api-burst=${karmadaTuning.burst} (scale-test report), member clients the same, ${karmadaTuning.concurrency} workers for works, bindings and templates`
          : 'defaults: every client 40 QPS, burst 60 (the flag defaults); member clients 40/60 per member; 5 workers each',
        'the chart\'s flags (--v=2, every default controller), leader election off (one replica of each, as kubefed runs)',
        'a kube-controller-manager with only the garbage collector runs on the federation: template deletion needs it',
        this.workload.kind === 'deployment'
          ? 'Deployments: PropagationPolicy Divided, Weighted, equal static weights'
          : 'ConfigMaps: PropagationPolicy Duplicated to every member',
      ],
    };
  }

  async errorLines(limit: number, since?: Date): Promise<string[]> {
    const lines: string[] = [];
    for (const component of Object.keys(this.#commands ?? {}) as KarmadaComponent[]) {
      const text = await readFile(this.#logFile(component), 'utf8').catch(() => '');
      lines.push(...errorLines(text, limit, since).map((line) => `${component}: ${line}`));
    }
    return lines.slice(-limit * 2);
  }

  async stop(): Promise<void> {
    // Controllers first, then the servers they call.
    for (const process of [...this.#processes.values()].reverse()) {
      await process.stop();
    }
    this.#processes.clear();
  }
}

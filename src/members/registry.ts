import { Informer } from '../informers/informer.js';
import { trimObject } from '../informers/trim.js';
import { type ClientOptions, KubeClient } from '../kube/client.js';
import { errorMessage } from '../kube/errors.js';
import { clusters as clusterType, type ResourceType, secrets as secretType } from '../kube/resources.js';
import type { Logger } from '../runtime/observability/logger.js';
import { type Redactor, secretDataValues } from '../runtime/observability/redactor.js';
import type { Clock } from '../runtime/clock.js';
import type { Runnable } from '../runtime/runnable.js';
import type { FederationIdentity } from '../core/propagation/identity.js';
import { federationNamespace } from '../core/well-known.js';
import { type ClusterObject, isClusterReady, type SecretObject, serverAddress } from './cluster.js';
import { credentialValues, CredentialsError, type CredentialsReason, memberKubeConfig } from './credentials.js';
import { MemberDispatcher } from './dispatcher.js';
import { Member } from './member.js';
import type { MemberDirectory } from './ports.js';
import type { Delivery } from './dispatcher.js';
import type { QueueObserver } from '../runtime/work-queue.js';

/** MemberView is a member as placement sees it at one moment (M: the member's interface its reader needs). */
export interface MemberView<M = Member> {
  name: string;
  labels: Record<string, string>;
  cluster: ClusterObject;
  /** member is undefined while its credentials are unusable (problem says why, problemReason in one word). */
  member?: M;
  problem?: string;
  problemReason?: CredentialsReason;
  ready: boolean;
  /** nodes is a signature of the member's schedulable nodes and their allocatable resources. */
  nodes?: string;
  /** failed is true once the member has been not ready for longer than the failover grace period. */
  failed: boolean;
}

export interface RegistryOptions {
  federationClient: KubeClient;
  federation: FederationIdentity;
  logger: Logger;
  clock: Clock;
  memberClient: ClientOptions;
  memberConcurrency: number;
  insecureSkipTLSVerify: boolean;
  /** redactor learns every credential, so that no message quoting one leaves the process. */
  redactor: Redactor;
  /** failoverGraceMs is how long a member may be not ready before its replicas move (v1's clusterUnavailableDelay). */
  failoverGraceMs: number;
  /** queueMetrics gives each member's dispatcher its work-queue metrics (workqueue_depth{name="member-<cluster>"}, …). */
  queueMetrics?: { queueObserver(name: string, inFlight: () => number[]): QueueObserver; forgetQueue(name: string): void };
  /** terminalRetryMs is how long a terminal member failure (a name clash) stands before the same work is tried again. */
  terminalRetryMs: number;
}

interface Entry {
  fingerprint: string;
  labels: string;
  nodes?: string;
  member?: Member;
  dispatcher?: MemberDispatcher;
  problem?: string;
  problemReason?: CredentialsReason;
  ready: boolean;
  readyChangedAt: number;
}

/**
 * MemberRegistry turns Cluster objects and their credential Secrets into live Members, rebuilding a
 * member's client when its address or Secret changes, and tracks each member's health as the cluster
 * controller reports it. Listeners hear about every change that can alter placement.
 */
export class MemberRegistry implements MemberDirectory, Runnable {
  readonly name = 'member-registry';
  readonly clusters: Informer<ClusterObject>;
  readonly secrets: Informer<SecretObject>;
  readonly #options: RegistryOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners: ((name: string) => void)[] = [];
  readonly #memberListeners: ((member: Member) => void)[] = [];
  #syncing = Promise.resolve();
  #started = false;

  constructor(options: RegistryOptions) {
    this.#options = options;
    const { federationClient: client, logger, clock } = options;
    this.clusters = new Informer<ClusterObject>({ client, type: clusterType, logger, clock, transform: trimObject });
    this.secrets = new Informer<SecretObject>({ client, type: secretType, logger, clock, namespace: federationNamespace, transform: trimObject });
    const resync = () => this.#scheduleSync();
    const owner = (secret: SecretObject) => `credentials/${secret.metadata.namespace}/${secret.metadata.name}`;
    const learn = (secret: SecretObject) => options.redactor.set(owner(secret), secretDataValues(secret.data));
    this.clusters.addHandlers({ add: resync, update: resync, delete: resync });
    // The redactor hears of a Secret before anything built from it can fail and report.
    this.secrets.addHandlers({ add: learn, update: (_previous, current) => learn(current), delete: (secret) => options.redactor.delete(owner(secret)) });
    this.secrets.addHandlers({ add: resync, update: resync, delete: resync });
  }

  /** onChange hears the name of any member whose labels, health, credentials or existence changed. */
  onChange(listener: (name: string) => void): () => void {
    this.#listeners.push(listener);
    return () => remove(this.#listeners, listener);
  }

  /**
   * onMember hears about each Member built, so controllers can watch its caches: those built from now
   * on, and those that exist already (a controller of a type enabled while kubefed runs).
   */
  onMember(listener: (member: Member) => void): () => void {
    this.#memberListeners.push(listener);
    for (const entry of this.#entries.values()) {
      if (entry.member) {
        listener(entry.member);
      }
    }
    return () => remove(this.#memberListeners, listener);
  }

  /** forgetType stops every member's cache of a type no controller propagates any longer (a disabled type). */
  async forgetType(type: ResourceType): Promise<void> {
    await Promise.all([...this.#entries.values()].flatMap((entry) => (entry.member ? [entry.member.forget(type)] : [])));
  }

  /** start resolves once the Cluster and Secret caches have synced and the members have been built. */
  async start(): Promise<void> {
    this.clusters.start();
    this.secrets.start();
    await Promise.all([this.clusters.waitForSync(), this.secrets.waitForSync()]);
    this.#started = true;
    this.#scheduleSync();
    await this.#syncing;
  }

  hasSynced(): boolean {
    return this.clusters.hasSynced() && this.secrets.hasSynced();
  }

  /** views lists every joined member, sorted by name. */
  views(): MemberView[] {
    const now = this.#options.clock.now();
    return this.clusters
      .list()
      .map((cluster) => {
        const name = cluster.metadata.name ?? '';
        const entry = this.#entries.get(name);
        const ready = entry?.ready ?? false;
        const notReadyFor = entry ? now - entry.readyChangedAt : 0;
        return {
          name,
          labels: cluster.metadata.labels ?? {},
          cluster,
          member: entry?.member,
          problem: entry?.problem,
          problemReason: entry?.problemReason,
          ready,
          nodes: entry?.nodes,
          failed: !ready && notReadyFor >= this.#options.failoverGraceMs,
        };
      })
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  member(name: string): Member | undefined {
    return this.#entries.get(name)?.member;
  }

  /** dispatch hands work for one key to the member's dispatcher (see MemberDispatcher). */
  dispatch(cluster: string, key: string, delivery: Delivery): boolean {
    const dispatcher = this.#entries.get(cluster)?.dispatcher;
    dispatcher?.dispatch(key, delivery);
    return dispatcher !== undefined;
  }

  /** dispatcher is the member's dispatcher, for its queue depth and state. */
  dispatcher(name: string): MemberDispatcher | undefined {
    return this.#entries.get(name)?.dispatcher;
  }

  /** setReady records a health verdict; a change of readiness notifies listeners. */
  setReady(name: string, ready: boolean): void {
    const entry = this.#entries.get(name);
    if (!entry || entry.ready === ready) {
      return;
    }
    entry.ready = ready;
    entry.readyChangedAt = this.#options.clock.now();
    if (ready) {
      entry.dispatcher?.resume();
    } else {
      entry.dispatcher?.pause();
    }
    this.#notify(name);
  }

  /** setNodes records the member's node signature; a change can mean room for more replicas. */
  setNodes(name: string, nodes: string): void {
    const entry = this.#entries.get(name);
    if (!entry || entry.nodes === nodes) {
      return;
    }
    const known = entry.nodes !== undefined;
    entry.nodes = nodes;
    if (known) {
      this.#notify(name);
    }
  }

  /** announce tells listeners that placement may have changed for a member (its failover grace ran out, say). */
  announce(name: string): void {
    this.#notify(name);
  }

  /** readyChangedAt tells when a member last changed readiness (for failover timers). */
  readyChangedAt(name: string): number | undefined {
    return this.#entries.get(name)?.readyChangedAt;
  }

  /** drain lets every member's writes in flight finish and takes no more work (shutdown, within its deadline). */
  async drain(): Promise<void> {
    await Promise.all([...this.#entries.values()].flatMap((entry) => (entry.dispatcher ? [entry.dispatcher.stop()] : [])));
  }

  /** abortWrites cuts every member's writes in flight short and fails any later one (leadership lost). */
  abortWrites(): void {
    this.#entries.forEach((entry) => entry.dispatcher?.abort());
  }

  /** stop ends the members: writes still in flight (after drain's deadline) are cut short, caches and clients close. */
  async stop(): Promise<void> {
    await Promise.all([this.clusters.stop(), this.secrets.stop()]);
    await Promise.all([...this.#entries.entries()].map(([name, entry]) => this.#close(name, entry, true)));
    this.#entries.clear();
  }

  #scheduleSync(): void {
    if (!this.#started) {
      return;
    }
    // Syncs run one after another so that a member is never built twice concurrently.
    this.#syncing = this.#syncing.then(() => this.#sync()).catch((error) => {
      this.#options.logger.error('member registry sync failed', { error: errorMessage(error) });
    });
  }

  async #sync(): Promise<void> {
    const seen = new Set<string>();
    for (const cluster of this.clusters.list()) {
      const name = cluster.metadata.name ?? '';
      seen.add(name);
      const secretName = cluster.spec?.secretRef?.name;
      const secret = secretName ? this.secrets.get(`${federationNamespace}/${secretName}`) : undefined;
      const fingerprint = `${serverAddress(cluster)}|${secretName}|${secret?.metadata.resourceVersion}`;
      const entry = this.#entries.get(name);
      const labels = JSON.stringify(cluster.metadata.labels ?? {});
      if (entry?.fingerprint === fingerprint) {
        if (entry.labels !== labels) {
          entry.labels = labels;
          this.#notify(name);
        }
        continue;
      }
      if (entry) {
        await this.#close(name, entry, true);
      }
      const built = await this.#build(cluster, secret, fingerprint, entry);
      this.#entries.set(name, { ...built, nodes: entry?.nodes });
      this.#notify(name);
    }
    for (const [name, entry] of this.#entries) {
      if (!seen.has(name)) {
        this.#entries.delete(name);
        this.#options.redactor.delete(`member/${name}`);
        await this.#close(name, entry, true);
        this.#notify(name);
      }
    }
  }

  async #build(cluster: ClusterObject, secret: SecretObject | undefined, fingerprint: string, previous?: Entry): Promise<Entry> {
    const { logger, clock } = this.#options;
    const name = cluster.metadata.name ?? '';
    const labels = JSON.stringify(cluster.metadata.labels ?? {});
    // Until the first probe, the last verdict written to the Cluster's status stands, so a restart moves nothing.
    const ready = previous?.ready ?? isClusterReady(cluster);
    const readyChangedAt = previous?.readyChangedAt ?? readySince(cluster) ?? clock.now();
    try {
      if (this.#options.insecureSkipTLSVerify) {
        logger.warn('member TLS verification is disabled by --insecure-skip-member-tls-verify', { cluster: name });
      }
      const config = memberKubeConfig(cluster, secret, this.#options.insecureSkipTLSVerify);
      this.#options.redactor.set(`member/${name}`, credentialValues(config));
      const client = await KubeClient.create(config, this.#options.memberClient);
      // A member whose writes hang (a partition drops packets) must still be probed on time.
      const prober = await KubeClient.create(config, { ...this.#options.memberClient, qps: 0 });
      const member = new Member({
        name,
        federation: this.#options.federation,
        client,
        prober,
        logger,
        concurrency: this.#options.memberConcurrency,
      });
      const dispatcher = this.#dispatcher(name, ready);
      logger.info('member client ready', { cluster: name, server: client.server });
      this.#memberListeners.forEach((listener) => listener(member));
      return { fingerprint, labels, member, dispatcher, ready, readyChangedAt };
    } catch (error) {
      const problem = errorMessage(error);
      const problemReason = error instanceof CredentialsError ? error.reason : undefined;
      logger.warn('member cannot be reached with its credentials', { cluster: name, error: problem, reason: problemReason });
      return { fingerprint, labels, problem, problemReason, ready: false, readyChangedAt };
    }
  }

  #dispatcher(name: string, ready: boolean): MemberDispatcher {
    const { queueMetrics, clock, logger, memberConcurrency, terminalRetryMs } = this.#options;
    const queue = `member-${name}`;
    const dispatcher = new MemberDispatcher({
      cluster: name,
      workers: memberConcurrency,
      clock,
      logger,
      terminalRetryMs,
      observer: queueMetrics ? (inFlight) => queueMetrics.queueObserver(queue, inFlight) : undefined,
    });
    if (!ready) {
      dispatcher.pause();
    }
    dispatcher.start();
    return dispatcher;
  }

  /** close stops a member's dispatcher (cutting writes in flight short when it is rebuilt or removed) and its caches. */
  async #close(name: string, entry: Entry, abort: boolean): Promise<void> {
    if (abort) {
      entry.dispatcher?.abort();
    }
    await entry.dispatcher?.stop();
    this.#options.queueMetrics?.forgetQueue(`member-${name}`);
    await entry.member?.close();
  }

  #notify(name: string): void {
    this.#listeners.forEach((listener) => listener(name));
  }
}

function readySince(cluster: ClusterObject): number | undefined {
  const condition = cluster.status?.conditions?.find((candidate) => candidate.type === 'Ready');
  return condition?.lastTransitionTime ? Date.parse(condition.lastTransitionTime) : undefined;
}

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) {
    list.splice(index, 1);
  }
}

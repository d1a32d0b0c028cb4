import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Config } from './config/flags.js';
import { ClusterController } from '../controllers/cluster-controller.js';
import { FederatedController } from '../controllers/federated-controller.js';
import type { KindAdapter } from '../controllers/adapter.js';
import { EnabledTypes } from '../controllers/enabled-types.js';
import { createAdapters } from '../controllers/kinds/index.js';
import { TokenRenewer } from '../controllers/token-renewer.js';
import { createServiceDnsController, type ServiceDnsHandle } from '../controllers/dns/index.js';
import { EventRecorder } from '../runtime/events/recorder.js';
import { KubeClient } from '../kube/client.js';
import { learnFederationIdentity } from '../kube/federation-identity.js';
import { loadKubeConfig } from '../kube/federation-config.js';
import { LeaderElector } from '../runtime/leader/leader-elector.js';
import { LeaderFence } from '../runtime/leader/leader-fence.js';
import { MemberRegistry } from '../members/registry.js';
import { serveEndpoints } from '../runtime/observability/endpoints.js';
import type { Check } from '../runtime/observability/http-server.js';
import type { Logger } from '../runtime/observability/logger.js';
import { Metrics } from '../runtime/observability/metrics.js';
import type { Redactor } from '../runtime/observability/redactor.js';
import { type Clock, systemClock } from '../runtime/clock.js';

/** LeadershipLost ends the process with a non-zero code so Kubernetes restarts it as a standby. */
export class LeadershipLost extends Error {}

export interface ManagerDependencies {
  config: Config;
  logger: Logger;
  /** redactor is the one the logger redacts with; the recorder, status writers and the caches that learn secrets share it. */
  redactor: Redactor;
  metrics?: Metrics;
  clock?: Clock;
}

/**
 * Manager owns the controller-manager's lifecycle in controller-runtime's order: servers, caches,
 * (leader election), then the controllers; and the reverse on shutdown, draining reconciles in
 * flight within the shutdown timeout. Only the leader runs controllers, so only the leader writes.
 */
export class Manager {
  readonly metrics: Metrics;
  readonly #config: Config;
  readonly #logger: Logger;
  readonly #redactor: Redactor;
  readonly #clock: Clock;
  readonly #servers: Server[] = [];
  #federationClient?: KubeClient;
  #eventClient?: KubeClient;
  #leaseClient?: KubeClient;
  #registry?: MemberRegistry;
  #controllers: FederatedController[] = [];
  #enabledTypes?: EnabledTypes;
  #dns?: ServiceDnsHandle;
  #clusterController?: ClusterController;
  #tokenRenewer?: TokenRenewer;
  #recorder?: EventRecorder;
  #elector?: LeaderElector;
  readonly #fence: LeaderFence;
  #cachesSynced = false;
  #loopTick = Date.now();
  #loopTimer?: NodeJS.Timeout;

  constructor(dependencies: ManagerDependencies) {
    this.#config = dependencies.config;
    this.#logger = dependencies.logger;
    this.#redactor = dependencies.redactor;
    this.#clock = dependencies.clock ?? systemClock;
    this.metrics = dependencies.metrics ?? new Metrics();
    this.#fence = new LeaderFence(this.#clock);
  }

  /** run starts everything and resolves after a clean shutdown (signal aborted); it rejects with LeadershipLost. */
  async run(signal: AbortSignal): Promise<void> {
    const config = this.#config;
    const identity = `${hostname()}_${randomBytes(4).toString('hex')}`;
    await this.#startServers();
    const kubeconfig = loadKubeConfig(config);
    // Every client but the lease's writes through the fence; the user agent tells replicas apart in audit logs.
    const fenced = { gate: this.#fence, userAgent: `kubefed-controller-manager (${process.platform}/${process.arch}) ${identity}`, observe: this.metrics.observeRequest };
    const federation = await KubeClient.create(kubeconfig, { ...fenced, qps: config.federationQps, burst: config.federationBurst });
    this.#federationClient = federation;
    this.#logger.info('starting kubefed controller-manager', {
      federation: config.federationName,
      server: federation.server,
      controllers: config.controllers,
      identity,
    });
    // Copies are labelled with the federation's id as well as its name, so nothing starts before the id is known.
    const federationIdentity = await untilAborted(learnFederationIdentity(federation, config.federationName, this.#logger, this.#clock, signal), signal).catch(async (error: unknown) => {
      if (!signal.aborted) {
        throw error;
      }
      await this.#shutdown(true);
      return undefined;
    });
    if (federationIdentity === undefined) {
      return;
    }
    this.#logger.info('federation identity', { federation: federationIdentity.name, federationId: federationIdentity.id });
    // Events get a connection pool and token bucket of their own: a burst of them must not hold back finalizers and status.
    const events = await KubeClient.create(kubeconfig, { ...fenced, qps: config.eventQps, burst: config.eventBurst });
    this.#eventClient = events;
    this.#recorder = new EventRecorder({
      client: events,
      component: 'kubefed-controller-manager',
      instance: identity,
      logger: this.#logger,
      redactor: this.#redactor,
      clock: this.#clock,
      dropped: () => this.metrics.eventsDropped.inc(),
    });
    this.#registry = new MemberRegistry({
      federationClient: federation,
      federation: federationIdentity,
      logger: this.#logger,
      clock: this.#clock,
      memberClient: { ...fenced, qps: config.memberQps, burst: config.memberBurst, timeoutMs: config.memberTimeoutMs },
      memberConcurrency: config.memberConcurrency,
      insecureSkipTLSVerify: config.insecureSkipMemberTlsVerify,
      redactor: this.#redactor,
      failoverGraceMs: config.failoverGracePeriodMs,
      queueMetrics: this.metrics,
      // A name clash stands until the object changes; a clashing member object that went away is noticed by the next resync.
      terminalRetryMs: config.resyncPeriodMs,
    });
    const registry = this.#registry;
    this.metrics.countManagedObjects(() =>
      registry.views().flatMap((view) => (view.member?.managedCounts() ?? []).map((entry) => ({ cluster: view.name, ...entry }))),
    );
    const adapters = createAdapters(config);
    const controllerOf = (adapter: KindAdapter<unknown>) =>
      new FederatedController({
        adapter,
        federation: federationIdentity,
        client: federation,
        registry: this.#registry!,
        recorder: this.#recorder!,
        logger: this.#logger,
        metrics: this.metrics,
        redactor: this.#redactor,
        clock: this.#clock,
        workers: config.workers,
        resyncMs: config.resyncPeriodMs,
        federatedCache: (type) => (this.#controllers.find((controller) => controller.informer.kind === type.kind) ?? this.#enabledTypes?.controllerOf(type))?.informer,
      });
    this.#controllers = config.controllers.filter((name) => adapters[name] !== undefined).map((name) => controllerOf(adapters[name]!));
    // Types enabled with `kubefed enable` get their controllers while kubefed runs, as the leader only.
    this.#enabledTypes = new EnabledTypes({ client: federation, registry, logger: this.#logger, create: controllerOf });
    if (config.dnsZoneName !== undefined && config.controllers.includes('service-dns')) {
      this.#dns = createServiceDnsController({
        client: federation,
        registry: this.#registry,
        federationName: config.federationName,
        zone: config.dnsZoneName,
        suffix: config.serviceDnsSuffix ?? config.dnsZoneName,
        ttl: config.dnsTtl,
        recorder: this.#recorder,
        logger: this.#logger,
        metrics: this.metrics,
        clock: this.#clock,
        workers: config.workers,
        resyncMs: config.resyncPeriodMs,
      });
    }
    this.#controllers.forEach((controller) => controller.startCache());
    this.#dns?.startCache();

    try {
      // Caches that cannot sync (no permission, say) must not make the process deaf to SIGTERM.
      await untilAborted(this.#registry.start(), signal);
      await untilAborted(Promise.all([...this.#controllers.map((controller) => controller.informer.waitForSync()), this.#dns?.waitForSync()]), signal);
      this.#cachesSynced = true;
      this.#logger.info('caches synced');
      if (config.leaderElect) {
        // Renewals must never wait behind a burst of writes in the shared token bucket, or a busy leader loses its Lease.
        this.#leaseClient = await KubeClient.create(kubeconfig, { observe: this.metrics.observeRequest, userAgent: fenced.userAgent });
        this.#elector = new LeaderElector({
          client: this.#leaseClient,
          namespace: config.leaderElectNamespace,
          name: config.leaderElectId,
          identity,
          leaseDurationMs: config.leaderElectLeaseDurationMs,
          renewDeadlineMs: config.leaderElectRenewDeadlineMs,
          retryPeriodMs: config.leaderElectRetryPeriodMs,
          clock: this.#clock,
          logger: this.#logger,
          metrics: this.metrics,
        });
        this.#fence.follow(this.#elector);
        await this.#elector.acquire(signal);
      }
      this.#startControllers();
      if (this.#elector) {
        await this.#elector.holdUntilLost(signal);
        if (!signal.aborted) {
          // Nothing more may reach a member or the federation: the new leader may already be writing.
          this.#fence.close('leadership lost');
          throw new LeadershipLost('leader election lost');
        }
      } else {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      }
    } catch (error) {
      if (!signal.aborted || error instanceof LeadershipLost) {
        await this.#shutdown(false);
        throw error;
      }
    }
    await this.#shutdown(true);
  }

  #startControllers(): void {
    const config = this.#config;
    this.#clusterController = new ClusterController({
      registry: this.#registry!,
      client: this.#federationClient!,
      recorder: this.#recorder!,
      logger: this.#logger,
      metrics: this.metrics,
      redactor: this.#redactor,
      clock: this.#clock,
      periodMs: config.clusterProbePeriodMs,
      timeoutMs: config.clusterProbeTimeoutMs,
      failureThreshold: config.clusterFailureThreshold,
      successThreshold: config.clusterSuccessThreshold,
      failoverGraceMs: config.failoverGracePeriodMs,
    });
    this.#clusterController.start();
    this.#tokenRenewer = new TokenRenewer({
      registry: this.#registry!,
      client: this.#federationClient!,
      recorder: this.#recorder!,
      logger: this.#logger,
      clock: this.#clock,
      periodMs: config.clusterProbePeriodMs,
    });
    this.#tokenRenewer.start();
    const controllers = [...this.#controllers, ...(this.#dns ? [this.#dns] : [])];
    for (const controller of controllers) {
      controller.start();
      controller.enqueueAll();
    }
    this.#enabledTypes?.start();
    this.#logger.info('controllers started', { controllers: controllers.map((controller) => controller.name) });
  }

  async #shutdown(release: boolean): Promise<void> {
    const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.#config.shutdownTimeoutMs).unref());
    const drained = Promise.all([
      ...this.#controllers.map((controller) => controller.controller.stop()),
      this.#dns?.stop(),
      this.#enabledTypes?.stop(),
      this.#clusterController?.stop(),
      this.#tokenRenewer?.stop(),
    ])
      // Member writes handed over by the last reconciles finish too, within the same deadline.
      .then(() => this.#registry?.drain())
      .then(() => 'drained' as const);
    if ((await Promise.race([drained, deadline])) === 'timeout') {
      this.#logger.warn('shutdown timeout reached with reconciles still in flight', { timeoutMs: this.#config.shutdownTimeoutMs });
    }
    await this.#recorder?.drain();
    if (release) {
      await this.#elector?.release();
    }
    await Promise.all(this.#controllers.map((controller) => controller.informer.stop()));
    await this.#registry?.stop();
    await this.#federationClient?.close();
    await this.#eventClient?.close();
    await this.#leaseClient?.close();
    clearInterval(this.#loopTimer);
    await Promise.all(this.#servers.map((server) => new Promise((resolve) => server.close(resolve))));
    this.#logger.info('stopped');
  }

  async #startServers(): Promise<void> {
    const config = this.#config;
    // The event loop ticks every second; a stalled loop fails /healthz.
    this.#loopTimer = setInterval(() => (this.#loopTick = Date.now()), 1000).unref();
    const health = new Map<string, Check>([
      ['event-loop', () => (Date.now() - this.#loopTick > 10_000 ? 'event loop blocked for over 10s' : undefined)],
      ['leader-election', () => (this.#elector && !this.#elector.healthy() ? 'leader lease not renewed in time' : undefined)],
    ]);
    const ready = new Map<string, Check>([
      ['informers', () => (this.#cachesSynced ? undefined : 'caches not synced')],
    ]);
    // Port 0 binds any free port; the log line reports the port actually bound.
    const { servers, bound } = await serveEndpoints({
      metricsAddress: config.metricsBindAddress,
      probeAddress: config.healthProbeBindAddress,
      health,
      ready,
      metrics: this.metrics,
      logger: this.#logger,
    });
    this.#servers.push(...servers);
    this.#logger.info('serving', bound);
  }
}

/** untilAborted settles like promise, or rejects as soon as signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    return Promise.reject(new Error('aborted'));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

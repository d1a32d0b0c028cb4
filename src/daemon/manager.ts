import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Config } from './config/flags.js';
import { ClusterController } from '../controllers/cluster-controller.js';
import type { CachedController } from '../controllers/controller.js';
import { FederatedController } from '../controllers/federated-controller.js';
import type { KindAdapter } from '../controllers/adapter.js';
import { EnabledTypes } from '../controllers/enabled-types.js';
import { createAdapters } from '../controllers/kinds/index.js';
import { genericAdapter } from '../controllers/kinds/generic.js';
import { TokenRenewer } from '../controllers/token-renewer.js';
import { publishFinalizerParameters } from './finalizer-parameters.js';
import { createServiceDnsController } from '../controllers/dns/index.js';
import { EventRecorder } from '../runtime/events/recorder.js';
import { type ClientOptions, KubeClient } from '../kube/client.js';
import type { KubeConfig } from '@kubernetes/client-node';
import { learnFederationIdentity } from './federation-identity.js';
import { loadKubeConfig } from '../kube/federation-config.js';
import type { FederationIdentity } from '../core/propagation/identity.js';
import { LeaderElector } from '../runtime/leader/leader-elector.js';
import { LeaderFence } from '../runtime/leader/leader-fence.js';
import { Lifecycle } from '../runtime/lifecycle.js';
import { MemberRegistry } from '../members/registry.js';
import { EndpointServers } from '../runtime/observability/endpoints.js';
import { EventLoopWatch } from '../runtime/observability/event-loop.js';
import type { Logger } from '../runtime/observability/logger.js';
import { Metrics } from '../runtime/observability/metrics.js';
import type { Redactor } from '../runtime/observability/redactor.js';
import { closing } from '../runtime/runnable.js';
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
  /** connect builds the clients of the federation API server (KubeClient.create; tests pass a fake). */
  connect?: (kubeconfig: KubeConfig, options: ClientOptions) => Promise<KubeClient>;
}

/**
 * Manager owns the controller-manager's lifecycle in controller-runtime's order: servers, caches,
 * (leader election), then the controllers; every part is a Runnable, and on shutdown the parts stop
 * in reverse order, the controllers draining reconciles in flight within the shutdown timeout. Only
 * the leader runs controllers, so only the leader writes.
 */
export class Manager {
  readonly metrics: Metrics;
  readonly #config: Config;
  readonly #logger: Logger;
  readonly #redactor: Redactor;
  readonly #clock: Clock;
  readonly #connect: (kubeconfig: KubeConfig, options: ClientOptions) => Promise<KubeClient>;
  #elector?: LeaderElector;
  #enabledTypes?: EnabledTypes;
  readonly #fence: LeaderFence;
  #cachesSynced = false;

  constructor(dependencies: ManagerDependencies) {
    this.#config = dependencies.config;
    this.#logger = dependencies.logger;
    this.#redactor = dependencies.redactor;
    this.#clock = dependencies.clock ?? systemClock;
    this.metrics = dependencies.metrics ?? new Metrics();
    this.#fence = new LeaderFence(this.#clock);
    this.#connect = dependencies.connect ?? ((kubeconfig, options) => KubeClient.create(kubeconfig, options));
  }

  /** run starts everything and resolves after a clean shutdown (signal aborted); it rejects with LeadershipLost. */
  async run(signal: AbortSignal): Promise<void> {
    const lifecycle = new Lifecycle({ clock: this.#clock, stopTimeoutMs: this.#config.shutdownTimeoutMs, logger: this.#logger });
    try {
      await this.#run(lifecycle, signal);
    } catch (error) {
      if (!signal.aborted || error instanceof LeadershipLost) {
        await lifecycle.stop();
        throw error;
      }
    }
    await lifecycle.stop();
    this.#logger.info('stopped');
  }

  async #run(lifecycle: Lifecycle, signal: AbortSignal): Promise<void> {
    const config = this.#config;
    const identity = `${hostname()}_${randomBytes(4).toString('hex')}`;
    await this.#startServers(lifecycle, signal);
    const kubeconfig = loadKubeConfig(config);
    // Every client but the lease's writes through the fence; the user agent tells replicas apart in audit logs.
    const fenced = { gate: this.#fence, userAgent: `kubefed-controller-manager (${process.platform}/${process.arch}) ${identity}`, observe: this.metrics.observeRequest };
    const federation = await this.#client(lifecycle, signal, 'federation-client', kubeconfig, { ...fenced, qps: config.federationQps, burst: config.federationBurst });
    this.#logger.info('starting kubefed controller-manager', {
      federation: config.federationName,
      server: federation.server,
      controllers: config.controllers,
      identity,
    });
    // Copies are labelled with the federation's id as well as its name, so nothing starts before the id is known.
    const federationIdentity = await untilAborted(learnFederationIdentity(federation, config.federationName, this.#logger, this.#clock, signal), signal);
    this.#logger.info('federation identity', { federation: federationIdentity.name, federationId: federationIdentity.id });
    // Events get a connection pool and token bucket of their own: a burst of them must not hold back finalizers and status.
    const events = await this.#client(lifecycle, signal, 'event-client', kubeconfig, { ...fenced, qps: config.eventQps, burst: config.eventBurst });
    const recorder = new EventRecorder({
      client: events,
      component: 'kubefed-controller-manager',
      instance: identity,
      logger: this.#logger,
      redactor: this.#redactor,
      clock: this.#clock,
      dropped: () => this.metrics.eventsDropped.inc(),
    });
    const registry = new MemberRegistry({
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
    this.metrics.countManagedObjects(() =>
      registry.views().flatMap((view) => (view.member?.managedCounts() ?? []).map((entry) => ({ cluster: view.name, ...entry }))),
    );
    // Controllers register their registry handlers as they are built, so before the registry starts.
    const controllers = this.#controllers(federationIdentity, federation, registry, recorder);
    // Caches that cannot sync (no permission, say) must not make the process deaf to SIGTERM.
    await untilAborted(lifecycle.start(signal, registry), signal);
    await lifecycle.start(signal, ...controllers.flatMap((controller) => controller.caches));
    await untilAborted(Promise.all(controllers.map((controller) => controller.waitForSync())), signal);
    this.#cachesSynced = true;
    this.#logger.info('caches synced');
    if (config.leaderElect) {
      // Renewals must never wait behind a burst of writes in the shared token bucket, or a busy leader loses its Lease.
      const leases = await this.#client(lifecycle, signal, 'lease-client', kubeconfig, { observe: this.metrics.observeRequest, userAgent: fenced.userAgent });
      this.#elector = new LeaderElector({
        client: leases,
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
      await lifecycle.start(signal, this.#elector);
    }
    await publishFinalizerParameters(federation, config.controllers, this.#logger);
    // The recorder stops after the controllers, so the events of their last reconciles are written.
    await lifecycle.start(signal, recorder);
    // Member writes handed over by the last reconciles finish too, within a stage's deadline; what is still in flight
    // after it is cut short when the registry stops.
    await lifecycle.start(signal, { name: 'member-writes', start: () => undefined, stop: () => registry.drain() });
    await lifecycle.start(signal, ...this.#memberControllers(federation, registry, recorder), ...controllers.map((controller) => controller.controller));
    if (this.#enabledTypes) {
      await lifecycle.start(signal, this.#enabledTypes);
    }
    this.#logger.info('controllers started', { controllers: controllers.map((controller) => controller.controller.name) });
    await untilAborted(this.#elector?.held() ?? new Promise<void>(() => undefined), signal);
    // Nothing more may reach a member or the federation: the new leader may already be writing.
    this.#fence.close('leadership lost');
    throw new LeadershipLost('leader election lost');
  }

  #controllers(federation: FederationIdentity, client: KubeClient, registry: MemberRegistry, recorder: EventRecorder): CachedController[] {
    const config = this.#config;
    const adapters = createAdapters(config);
    const controllerOf = (adapter: KindAdapter<unknown>) =>
      new FederatedController({
        adapter,
        federation,
        client,
        registry,
        recorder,
        logger: this.#logger,
        metrics: this.metrics,
        redactor: this.#redactor,
        clock: this.#clock,
        workers: config.workers,
        resyncMs: config.resyncPeriodMs,
        federatedCache: (type) => (federated.find((controller) => controller.informer.kind === type.kind) ?? this.#enabledTypes?.controllerOf(type))?.informer,
      });
    const federated: FederatedController[] = config.controllers.flatMap((name) => {
      const adapter = adapters[name];
      return adapter === undefined ? [] : [controllerOf(adapter)];
    });
    // Types enabled with `kubefed enable` get their controllers while kubefed runs, as the leader only.
    this.#enabledTypes = new EnabledTypes({ client, registry, logger: this.#logger, create: controllerOf, adapterOf: (type) => genericAdapter(type, (text) => this.#redactor.redact(text)) });
    if (config.dnsZoneName === undefined || !config.controllers.includes('service-dns')) {
      return federated;
    }
    const dns = createServiceDnsController({
      client,
      registry,
      federationName: config.federationName,
      zone: config.dnsZoneName,
      suffix: config.serviceDnsSuffix ?? config.dnsZoneName,
      ttl: config.dnsTtl,
      recorder,
      logger: this.#logger,
      metrics: this.metrics,
      clock: this.#clock,
      workers: config.workers,
      resyncMs: config.resyncPeriodMs,
    });
    return [...federated, dns];
  }

  /** memberControllers probe the members' health and renew their tokens. */
  #memberControllers(client: KubeClient, registry: MemberRegistry, recorder: EventRecorder): [ClusterController, TokenRenewer] {
    const config = this.#config;
    const common = { registry, client, recorder, logger: this.#logger, clock: this.#clock };
    return [
      new ClusterController({
        ...common,
        metrics: this.metrics,
        redactor: this.#redactor,
        periodMs: config.clusterProbePeriodMs,
        timeoutMs: config.clusterProbeTimeoutMs,
        failureThreshold: config.clusterFailureThreshold,
        successThreshold: config.clusterSuccessThreshold,
        failoverGraceMs: config.failoverGracePeriodMs,
      }),
      new TokenRenewer({ ...common, periodMs: config.clusterProbePeriodMs }),
    ];
  }

  /** client connects to the federation API server with a connection pool of its own, closed at the end. */
  async #client(lifecycle: Lifecycle, signal: AbortSignal, name: string, kubeconfig: KubeConfig, options: ClientOptions): Promise<KubeClient> {
    const client = await this.#connect(kubeconfig, options);
    await lifecycle.start(signal, closing(name, () => client.close()));
    return client;
  }

  async #startServers(lifecycle: Lifecycle, signal: AbortSignal): Promise<void> {
    const config = this.#config;
    const loop = new EventLoopWatch({ clock: this.#clock });
    const endpoints = new EndpointServers({
      metricsAddress: config.metricsBindAddress,
      probeAddress: config.healthProbeBindAddress,
      health: new Map([
        ['event-loop', loop.check],
        ['leader-election', () => (this.#elector && !this.#elector.healthy() ? 'leader lease not renewed in time' : undefined)],
      ]),
      ready: new Map([['informers', () => (this.#cachesSynced ? undefined : 'caches not synced')]]),
      metrics: this.metrics,
      logger: this.#logger,
    });
    await lifecycle.start(signal, loop, endpoints);
    // Port 0 binds any free port; the log line reports the port actually bound.
    this.#logger.info('serving', endpoints.bound);
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

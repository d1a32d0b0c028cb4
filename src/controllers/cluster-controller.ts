import type { EventRecorder } from '../runtime/events/recorder.js';
import { ApiError, errorMessage, isNotFound } from '../kube/errors.js';
import type { KubeClient } from '../kube/client.js';
import { clusters as clusterType, collectionPath, nodes, objectPath } from '../kube/resources.js';
import type { ClusterObject } from '../members/cluster.js';
import { clusterStatus, type HealthState, type NodeLike, nextHealth, type ProbeOutcome, type Topology, topologyOf, type UnsyncedKind } from '../members/health.js';
import type { MemberView } from '../members/registry.js';
import type { Logger } from '../runtime/observability/logger.js';
import type { Metrics } from '../runtime/observability/metrics.js';
import type { Redactor } from '../runtime/observability/redactor.js';
import { mergePatch } from '../core/propagation/merge-patch.js';
import type { Clock } from '../runtime/clock.js';
import type { Runnable } from '../runtime/runnable.js';

/** ProbedMember is what the cluster controller uses of a member: its client (probes, nodes) and its caches' sync state. */
export interface ProbedMember {
  /** prober is a client of its own: probes never wait behind the member's writes. */
  readonly prober: Pick<KubeClient, 'request'>;
  unsyncedKinds(): UnsyncedKind[];
}

/** HealthRegistry is the part of the member registry the cluster controller reads and reports verdicts to. */
export interface HealthRegistry {
  onChange(listener: (name: string) => void): void;
  views(): MemberView<ProbedMember>[];
  setReady(name: string, ready: boolean): void;
  setNodes(name: string, nodes: string): void;
  announce(name: string): void;
}

export interface ClusterControllerOptions {
  registry: HealthRegistry;
  client: Pick<KubeClient, 'request'>;
  recorder: Pick<EventRecorder, 'record'>;
  logger: Logger;
  metrics: Metrics;
  /** redactor blanks secret values out of condition messages (events and logs have their own pass). */
  redactor: Redactor;
  clock: Clock;
  periodMs: number;
  timeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
  failoverGraceMs: number;
}

interface Probe {
  health: HealthState;
  topology?: Topology;
  probes: number;
  /** unsynced are the kinds whose cache cannot sync in the member, as last reported. */
  unsynced: UnsyncedKind[];
  timer?: unknown;
  failoverTimer?: unknown;
}

/** Topology changes rarely; nodes are listed on the first good probe and then every this many probes. */
const topologyEvery = 6;

/**
 * ClusterController probes every member's /readyz (falling back to /healthz) on a period, turns the
 * results into a Ready verdict with a failure threshold, reports it to the registry, and writes the
 * Cluster's conditions, zones and region only when they change. A member that stays not ready past
 * the failover grace period triggers the re-planning of replica-split workloads.
 */
export class ClusterController implements Runnable {
  readonly name = 'cluster';
  readonly #options: ClusterControllerOptions;
  readonly #probes = new Map<string, Probe>();
  #stopped = false;
  #running = new Set<Promise<void>>();

  constructor(options: ClusterControllerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#options.registry.onChange(() => this.#reconcileProbes());
    this.#reconcileProbes();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const probe of this.#probes.values()) {
      this.#options.clock.clearTimeout(probe.timer);
      this.#options.clock.clearTimeout(probe.failoverTimer);
    }
    await Promise.all(this.#running);
  }

  /** reconcileProbes starts a probe loop for each new member and forgets removed ones. */
  #reconcileProbes(): void {
    if (this.#stopped) {
      return;
    }
    const views = this.#options.registry.views();
    const names = new Set(views.map((view) => view.name));
    for (const view of views) {
      const name = view.name;
      if (!this.#probes.has(name)) {
        // The verdict last written to the Cluster stands until probes disagree, so a restart announces nothing.
        const ready = view.cluster.status?.conditions?.find((condition) => condition.type === 'Ready');
        const health = ready ? { ready: ready.status === 'True', failures: 0, successes: 0 } : { failures: 0, successes: 0 };
        this.#probes.set(name, { health, probes: 0, unsynced: [] });
        // A counter that exists from the start lets increase() see the first failover.
        this.#options.metrics.failovers.inc({ cluster: name }, 0);
        this.#schedule(name, 0);
      }
    }
    for (const [name, probe] of this.#probes) {
      if (!names.has(name)) {
        this.#options.clock.clearTimeout(probe.timer);
        this.#options.clock.clearTimeout(probe.failoverTimer);
        this.#probes.delete(name);
        this.#options.metrics.clusterReady.remove({ cluster: name });
        this.#options.metrics.setClusterConditions(name, []);
        this.#options.metrics.failovers.remove({ cluster: name });
      }
    }
  }

  #schedule(name: string, delayMs: number): void {
    const probe = this.#probes.get(name);
    if (!probe || this.#stopped) {
      return;
    }
    probe.timer = this.#options.clock.setTimeout(() => {
      const run = this.#probeOnce(name).finally(() => {
        this.#running.delete(run);
        this.#schedule(name, this.#options.periodMs);
      });
      this.#running.add(run);
    }, delayMs);
  }

  async #probeOnce(name: string): Promise<void> {
    const { registry, logger, metrics, clock } = this.#options;
    const probe = this.#probes.get(name);
    const view = registry.views().find((candidate) => candidate.name === name);
    if (!probe || !view) {
      return;
    }
    const outcome = view.member ? await this.#check(view.member) : credentialsOutcome(view.problem, view.problemReason);
    const before = probe.health.ready;
    probe.health = nextHealth(probe.health, outcome, this.#options);
    probe.probes += 1;
    if (outcome.ok && view.member && (probe.topology === undefined || probe.probes % topologyEvery === 0)) {
      probe.topology = await this.#topology(view.member).catch(() => probe.topology);
    }
    if (probe.topology) {
      registry.setNodes(name, probe.topology.nodes);
    }
    this.#reportUnsynced(view.cluster, probe, view.member?.unsyncedKinds() ?? []);
    const ready = probe.health.ready;
    if (ready !== undefined) {
      registry.setReady(name, ready);
      metrics.clusterReady.set({ cluster: name }, ready ? 1 : 0);
      if (ready !== before) {
        this.#transition(view.cluster, ready, outcome);
      }
    }
    try {
      await this.#writeStatus(view.cluster, probe, new Date(clock.now()));
    } catch (error) {
      logger.warn('cluster status not written', { cluster: name, error: errorMessage(error) });
    }
  }

  async #check(member: ProbedMember): Promise<ProbeOutcome> {
    const { timeoutMs } = this.#options;
    for (const path of ['/readyz', '/healthz']) {
      try {
        // The deadline covers connecting too: a handshake that is never answered is a failed probe.
        const body = await member.prober.request<string>({ path, text: true, timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
        return body.trim().toLowerCase() === 'ok'
          ? { ok: true, reachable: true, reason: 'ClusterReady', message: `${path} responded with ok` }
          : { ok: false, reachable: true, reason: 'ClusterNotReady', message: `${path} responded without ok` };
      } catch (error) {
        if (isNotFound(error) && path === '/readyz') {
          continue;
        }
        if (error instanceof ApiError) {
          return { ok: false, reachable: true, reason: 'ClusterNotReady', message: `${path} responded with HTTP ${error.status}` };
        }
        return { ok: false, reachable: false, reason: 'ClusterNotReachable', message: errorMessage(error) };
      }
    }
    return { ok: false, reachable: true, reason: 'ClusterNotReady', message: 'no health endpoint' };
  }

  async #topology(member: ProbedMember): Promise<Topology> {
    const list = await member.prober.request<{ items: NodeLike[] }>({ path: collectionPath(nodes) });
    return topologyOf(list.items);
  }

  #transition(cluster: ClusterObject, ready: boolean, outcome: ProbeOutcome): void {
    const { recorder, logger, clock, failoverGraceMs, metrics, registry } = this.#options;
    const name = cluster.metadata.name ?? '';
    const probe = this.#probes.get(name);
    if (!probe) {
      return;
    }
    clock.clearTimeout(probe.failoverTimer);
    probe.failoverTimer = undefined;
    if (ready) {
      recorder.record(cluster, 'Normal', 'ClusterReady', `cluster ${name} is ready`);
      logger.info('cluster ready', { cluster: name, action: 'ready' });
      return;
    }
    recorder.record(cluster, 'Warning', 'ClusterNotReady', `cluster ${name} is not ready: ${outcome.message}`);
    logger.warn('cluster not ready', { cluster: name, action: 'not-ready', error: outcome.message });
    probe.failoverTimer = clock.setTimeout(() => {
      probe.failoverTimer = undefined;
      if (registry.views().find((view) => view.name === name)?.failed) {
        metrics.failovers.inc({ cluster: name });
        recorder.record(cluster, 'Warning', 'ClusterFailover', `cluster ${name} has been not ready for ${failoverGraceMs / 1000}s; moving its replicas to ready clusters`);
        logger.warn('cluster failed over: re-planning replica-split workloads', { cluster: name, action: 'failover' });
        registry.announce(name);
      }
    }, failoverGraceMs + 10);
  }

  /** reportUnsynced records a Warning on the Cluster for each kind that newly cannot sync in it. */
  #reportUnsynced(cluster: ClusterObject, probe: Probe, unsynced: UnsyncedKind[]): void {
    const name = cluster.metadata.name ?? '';
    const known = new Set(probe.unsynced.map((entry) => entry.kind));
    for (const entry of unsynced.filter((candidate) => !known.has(candidate.kind))) {
      const message = `${entry.kind} cannot be synced in cluster ${name}, so ${entry.kind} objects skip this cluster until it can: ${entry.problem}`;
      this.#options.recorder.record(cluster, 'Warning', 'KindNotSynced', message);
      this.#options.logger.warn('kind skipped for a cluster: its cache cannot sync there', { cluster: name, kind: entry.kind, error: entry.problem });
    }
    probe.unsynced = unsynced.map((entry) => ({ ...entry, problem: this.#options.redactor.redact(entry.problem) }));
  }

  async #writeStatus(cluster: ClusterObject, probe: Probe, now: Date): Promise<void> {
    // Redacted before the comparison with the stored status, which was redacted too, so a steady member writes nothing.
    const outcome = probe.health.outcome;
    const health = outcome ? { ...probe.health, outcome: { ...outcome, message: this.#options.redactor.redact(outcome.message) } } : probe.health;
    const wanted = clusterStatus(cluster.status, health, probe.topology, now, probe.unsynced);
    this.#options.metrics.setClusterConditions(cluster.metadata.name ?? '', wanted.conditions ?? []);
    const patch = mergePatch(cluster.status ?? {}, wanted);
    if (patch === undefined) {
      return;
    }
    await this.#options.client.request({
      method: 'PATCH',
      path: objectPath(clusterType, undefined, cluster.metadata.name ?? '', 'status'),
      contentType: 'application/merge-patch+json',
      body: { status: patch },
    });
    this.#options.logger.debug('cluster status updated', { cluster: cluster.metadata.name, action: 'status', patch });
  }
}

function credentialsOutcome(problem: string | undefined, reason: string | undefined): ProbeOutcome {
  return { ok: false, reachable: false, reason: reason ?? 'ClusterCredentialsInvalid', message: problem ?? 'no client for this cluster' };
}

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestRecord } from '../../kube/client.js';
import type { QueueObserver } from '../work-queue.js';
import { BufferedCounter } from './buffered-counter.js';

const queueBuckets = Array.from({ length: 12 }, (_, index) => 1e-8 * 10 ** index);
const reconcileBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 1.75, 2,
  2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * Metrics owns kubefed's Prometheus registry: client-go's workqueue and REST client metrics and
 * controller-runtime's reconcile metrics under their usual names and labels, plus kubefed's own.
 * A registry per instance (not prom-client's global one) keeps tests isolated.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #queueSources = new Map<string, () => number[]>();

  /** Each queue's length as last reported, set into workqueue_depth when it is read (queues report it on every add and take). */
  readonly #depths = new Map<string, number>();
  readonly workqueueDepth = new Gauge({
    name: 'workqueue_depth',
    help: 'Current depth of workqueue',
    labelNames: ['name', 'controller'],
    registers: [this.registry],
    collect: () => this.#depths.forEach((length, name) => this.workqueueDepth.set({ name, controller: name }, length)),
  });
  readonly workqueueAdds = new BufferedCounter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name', 'controller'], registers: [this.registry] });
  readonly workqueueQueueDuration = new Histogram({
    name: 'workqueue_queue_duration_seconds',
    help: 'How long in seconds an item stays in workqueue before being requested',
    labelNames: ['name', 'controller'],
    buckets: queueBuckets,
    registers: [this.registry],
  });
  readonly workqueueWorkDuration = new Histogram({
    name: 'workqueue_work_duration_seconds',
    help: 'How long in seconds processing an item from workqueue takes',
    labelNames: ['name', 'controller'],
    buckets: queueBuckets,
    registers: [this.registry],
  });
  readonly workqueueRetries = new BufferedCounter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name', 'controller'], registers: [this.registry] });
  readonly workqueueUnfinished = new Gauge({
    name: 'workqueue_unfinished_work_seconds',
    help: 'How many seconds of work has been done that is in progress and hasn\'t been observed by work_duration',
    labelNames: ['name', 'controller'],
    registers: [this.registry],
    collect: () => this.#collectUnfinished(),
  });
  readonly workqueueLongestRunning = new Gauge({
    name: 'workqueue_longest_running_processor_seconds',
    help: 'How many seconds has the longest running processor for workqueue been running',
    labelNames: ['name', 'controller'],
    registers: [this.registry],
  });
  readonly reconcileTotal = new BufferedCounter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers: [this.registry] });
  readonly reconcileErrors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers: [this.registry] });
  readonly reconcileTime = new Histogram({
    name: 'controller_runtime_reconcile_time_seconds',
    help: 'Length of time per reconciliation per controller',
    labelNames: ['controller'],
    buckets: reconcileBuckets,
    registers: [this.registry],
  });
  readonly activeWorkers = new Gauge({ name: 'controller_runtime_active_workers', help: 'Number of currently used workers per controller', labelNames: ['controller'], registers: [this.registry] });
  readonly maxConcurrentReconciles = new Gauge({ name: 'controller_runtime_max_concurrent_reconciles', help: 'Maximum number of concurrent reconciles per controller', labelNames: ['controller'], registers: [this.registry] });
  readonly restRequests = new BufferedCounter({ name: 'rest_client_requests_total', help: 'Number of HTTP requests, partitioned by status code, method, and host.', labelNames: ['code', 'method', 'host'], registers: [this.registry] });
  readonly restLatency = new Histogram({
    name: 'rest_client_request_duration_seconds',
    help: 'Request latency in seconds. Broken down by verb and host.',
    labelNames: ['verb', 'host'],
    buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
    registers: [this.registry],
  });
  readonly leaderStatus = new Gauge({ name: 'leader_election_master_status', help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.', labelNames: ['name'], registers: [this.registry] });
  readonly propagationLatency = new Histogram({
    name: 'kubefed_propagation_latency_seconds',
    help: 'Time from a change of a federated object being observed to every selected member holding it',
    labelNames: ['controller'],
    buckets: latencyBuckets,
    registers: [this.registry],
  });
  readonly clusterReady = new Gauge({ name: 'kubefed_cluster_ready', help: 'Whether a member cluster is Ready (1) or not (0)', labelNames: ['cluster'], registers: [this.registry] });
  readonly clusterCondition = new Gauge({
    name: 'kubefed_cluster_condition',
    help: 'A member cluster\'s status conditions as written to the Cluster: 1 for each condition\'s current type, status and reason',
    labelNames: ['cluster', 'type', 'status', 'reason'],
    registers: [this.registry],
  });
  readonly #conditionLabels = new Map<string, { cluster: string; type: string; status: string; reason: string }[]>();
  readonly failovers = new Counter({ name: 'kubefed_cluster_failovers_total', help: 'Times a member stayed not ready past the grace period and its replicas were moved', labelNames: ['cluster'], registers: [this.registry] });
  #managedSource: () => { cluster: string; kind: string; count: number }[] = () => [];
  readonly managedObjects = new Gauge({
    name: 'kubefed_managed_objects',
    help: 'Objects this federation manages in each member, by kind',
    labelNames: ['cluster', 'kind'],
    registers: [this.registry],
    collect: () => {
      this.managedObjects.reset();
      for (const { cluster, kind, count } of this.#managedSource()) {
        this.managedObjects.set({ cluster, kind }, count);
      }
    },
  });
  readonly memberWriteErrors = new Counter({ name: 'kubefed_member_write_errors_total', help: 'Failed writes to member clusters', labelNames: ['cluster', 'kind', 'action'], registers: [this.registry] });
  readonly eventsDropped = new Counter({ name: 'kubefed_events_dropped_total', help: 'Events not recorded because too many were waiting to be written', registers: [this.registry] });
  readonly memberWrites = new BufferedCounter({ name: 'kubefed_member_writes_total', help: 'Writes to member clusters', labelNames: ['cluster', 'kind', 'action'], registers: [this.registry] });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
    }
  }

  /** setClusterConditions replaces a cluster's kubefed_cluster_condition series with its current conditions (none: forget it). */
  setClusterConditions(cluster: string, conditions: readonly { type: string; status: string; reason?: string }[]): void {
    for (const labels of this.#conditionLabels.get(cluster) ?? []) {
      this.clusterCondition.remove(labels);
    }
    const current = conditions.map((condition) => ({ cluster, type: condition.type, status: condition.status, reason: condition.reason ?? '' }));
    current.forEach((labels) => this.clusterCondition.set(labels, 1));
    if (current.length > 0) {
      this.#conditionLabels.set(cluster, current);
    } else {
      this.#conditionLabels.delete(cluster);
    }
  }

  /** countManagedObjects sets where kubefed_managed_objects is read from at scrape time. */
  countManagedObjects(source: () => { cluster: string; kind: string; count: number }[]): void {
    this.#managedSource = source;
  }

  /** observeRequest feeds rest_client_* from a client's request record. */
  observeRequest = (record: RequestRecord): void => {
    this.restRequests.inc({ code: record.code, method: record.method, host: record.host });
    this.restLatency.observe({ verb: record.method, host: record.host }, record.durationSeconds);
  };

  /** queueObserver returns the observer a controller's work queue reports to. */
  queueObserver(controller: string, inFlight: () => number[]): QueueObserver {
    const labels = { name: controller, controller };
    this.#queueSources.set(controller, inFlight);
    return {
      added: () => this.workqueueAdds.inc(labels),
      depth: (length) => void this.#depths.set(controller, length),
      queued: (seconds) => this.workqueueQueueDuration.observe(labels, seconds),
      worked: (seconds) => this.workqueueWorkDuration.observe(labels, seconds),
      retried: () => this.workqueueRetries.inc(labels),
    };
  }

  /** forgetQueue removes a queue's series (a member that left); its metrics would otherwise stay at their last values. */
  forgetQueue(name: string): void {
    const labels = { name, controller: name };
    this.#queueSources.delete(name);
    this.#depths.delete(name);
    for (const metric of [this.workqueueDepth, this.workqueueAdds, this.workqueueQueueDuration, this.workqueueWorkDuration, this.workqueueRetries, this.workqueueUnfinished, this.workqueueLongestRunning]) {
      metric.remove(labels);
    }
  }

  #collectUnfinished(): void {
    const now = Date.now();
    for (const [controller, inFlight] of this.#queueSources) {
      const ages = inFlight().map((started) => (now - started) / 1000);
      const labels = { name: controller, controller };
      this.workqueueUnfinished.set(labels, ages.reduce((sum, age) => sum + age, 0));
      this.workqueueLongestRunning.set(labels, ages.length > 0 ? Math.max(...ages) : 0);
    }
  }
}

import type { KubeClient } from '../../kube/client.js';
import { errorMessage, isNotFound } from '../../kube/errors.js';
import type { KubeObject } from '../../core/objects.js';
import { collectionPath, leases, objectPath } from '../../kube/resources.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { type Clock, sleep } from '../clock.js';
import type { Runnable } from '../runnable.js';
import { canAcquire, type LeaseSpec, nextSpec, releasedSpec } from './lease-record.js';

interface LeaseObject extends KubeObject {
  spec?: LeaseSpec;
}

export interface LeaderElectorOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/**
 * LeaderElector holds a coordination.k8s.io/v1 Lease the way client-go's leaderelection does: it
 * retries acquiring every retry period (with jitter), renews every retry period while leading, and
 * gives leadership up when no renewal succeeded within the renew deadline. As a Runnable, start
 * resolves once the lease is held, and stop ends the renewals and hands the lease over.
 */
export class LeaderElector implements Runnable {
  readonly name = 'leader-election';
  readonly #options: LeaderElectorOptions;
  readonly #holding = new AbortController();
  #observed?: LeaseObject;
  #observedAt = 0;
  #leading = false;
  #lastRenew = 0;
  #held?: Promise<void>;

  constructor(options: LeaderElectorOptions) {
    if (!(options.leaseDurationMs > options.renewDeadlineMs && options.renewDeadlineMs > 1.2 * options.retryPeriodMs)) {
      throw new Error('leader election needs lease duration > renew deadline > 1.2 × retry period');
    }
    this.#options = options;
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  /**
   * confirmedUntil is when this process stops being sure it leads: the renew deadline after the start
   * of its last successful renewal (0 when it does not lead). The write fence closes at that moment,
   * whether or not a renewal is still in flight, so a process frozen past its lease writes nothing.
   */
  confirmedUntil(): number {
    return this.#leading ? this.#lastRenew + this.#options.renewDeadlineMs : 0;
  }

  /** healthy fails when this process believes it leads but has not renewed for longer than the lease plus tolerance. */
  healthy(toleranceMs = 20_000): boolean {
    return !this.#leading || this.#options.clock.now() - this.#lastRenew <= this.#options.leaseDurationMs + toleranceMs;
  }

  /** start acquires the lease (rejecting when signal aborts first), then renews it until lost or stopped. */
  async start(signal: AbortSignal): Promise<void> {
    await this.acquire(signal);
    this.#held = this.holdUntilLost(this.#holding.signal);
  }

  /** held resolves when leadership ends: a renewal missed the deadline, or stop was called. */
  async held(): Promise<void> {
    await this.#held;
  }

  /** stop ends the renewals and releases the lease, so a standby takes over at once. */
  async stop(): Promise<void> {
    this.#holding.abort();
    await this.#held;
    await this.release();
  }

  /** acquire resolves once this process holds the lease, or rejects when signal aborts. */
  async acquire(signal: AbortSignal): Promise<void> {
    const { logger, retryPeriodMs, identity } = this.#options;
    logger.info('waiting to acquire the leader lease', { lease: this.#describe(), identity });
    while (!(await this.#tryAcquireOrRenew(this.#options.renewDeadlineMs))) {
      await sleep(this.#options.clock, retryPeriodMs * (1 + Math.random() * 0.2), signal);
    }
    this.#setLeading(true);
    logger.info('acquired the leader lease', { lease: this.#describe(), identity });
  }

  /**
   * holdUntilLost renews until leadership cannot be confirmed any more (resolves: leadership lost) or
   * signal aborts. Each attempt, its GET and its PUT together, is bounded by what is left of the renew
   * deadline, so a hanging API server cannot stretch a leadership past it.
   */
  async holdUntilLost(signal: AbortSignal): Promise<void> {
    const { retryPeriodMs, clock, logger } = this.#options;
    while (!signal.aborted) {
      await sleep(clock, retryPeriodMs, signal).catch(() => undefined);
      if (signal.aborted) {
        return;
      }
      const left = this.confirmedUntil() - clock.now();
      if (left > 0 && (await this.#tryAcquireOrRenew(left))) {
        continue;
      }
      if (clock.now() >= this.confirmedUntil()) {
        this.#setLeading(false);
        logger.error('leader lease lost: no renewal within the renew deadline', { lease: this.#describe() });
        return;
      }
    }
  }

  /** release hands the lease over at clean shutdown so a standby does not wait out the lease. */
  async release(): Promise<void> {
    if (!this.#leading || !this.#observed?.spec) {
      return;
    }
    const { client, namespace, name, clock, logger } = this.#options;
    try {
      await client.request({
        method: 'PUT',
        path: objectPath(leases, namespace, name),
        body: { ...this.#observed, spec: releasedSpec(this.#observed.spec, clock.now()) },
        timeoutMs: 5_000,
      });
      logger.info('released the leader lease', { lease: this.#describe() });
    } catch (error) {
      logger.warn('could not release the leader lease', { lease: this.#describe(), error: errorMessage(error) });
    }
    this.#setLeading(false);
  }

  /** tryAcquireOrRenew makes one attempt, given budgetMs in total; the renewal counts from its start. */
  async #tryAcquireOrRenew(budgetMs: number): Promise<boolean> {
    const { client, namespace, name, identity, leaseDurationMs, clock, logger } = this.#options;
    const now = clock.now();
    const signal = AbortSignal.timeout(Math.max(1, Math.ceil(budgetMs)));
    try {
      let lease: LeaseObject | undefined;
      try {
        lease = await client.request<LeaseObject>({ path: objectPath(leases, namespace, name), signal });
      } catch (error) {
        if (!isNotFound(error)) {
          throw error;
        }
      }
      if (!lease) {
        this.#observed = await client.request<LeaseObject>({
          method: 'POST',
          path: collectionPath(leases, namespace),
          body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: nextSpec(undefined, identity, leaseDurationMs, now) },
          signal,
        });
        this.#observedAt = now;
        this.#lastRenew = now;
        return true;
      }
      if (JSON.stringify(lease.spec) !== JSON.stringify(this.#observed?.spec)) {
        this.#observed = lease;
        this.#observedAt = now;
      }
      if (!canAcquire(lease.spec, identity, this.#observedAt, now)) {
        return false;
      }
      this.#observed = await client.request<LeaseObject>({
        method: 'PUT',
        path: objectPath(leases, namespace, name),
        body: { ...lease, spec: nextSpec(lease.spec, identity, leaseDurationMs, now) },
        signal,
      });
      this.#observedAt = now;
      this.#lastRenew = now;
      return true;
    } catch (error) {
      logger.debug('leader lease attempt failed', { lease: this.#describe(), error: errorMessage(error) });
      return false;
    }
  }

  #setLeading(leading: boolean): void {
    this.#leading = leading;
    this.#options.metrics.leaderStatus.set({ name: this.#options.name }, leading ? 1 : 0);
  }

  #describe(): string {
    return `${this.#options.namespace}/${this.#options.name}`;
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import PQueue from 'p-queue';
import type { KubeClient } from '../../kube/client.js';
import { ApiError, errorMessage, isNotFound } from '../../kube/errors.js';
import type { KubeObject } from '../../core/objects.js';
import { collectionPath, events as eventType, objectPath } from '../../kube/resources.js';
import type { Logger } from '../observability/logger.js';
import type { Redactor } from '../observability/redactor.js';
import type { Clock } from '../clock.js';
import type { Runnable } from '../runnable.js';

export type EventType = 'Normal' | 'Warning';

export interface RecorderOptions {
  client: KubeClient;
  component: string;
  instance: string;
  logger: Logger;
  /** redactor blanks secret values out of every message before it is written (or even compared). */
  redactor: Redactor;
  clock: Clock;
  /** repeatIntervalMs bounds how often a repeated event's count is written back. */
  repeatIntervalMs?: number;
  /** maxPending bounds the events waiting to be written; beyond it new events are dropped (as client-go does). */
  maxPending?: number;
  /** dropped is told about each event dropped because too many were waiting. */
  dropped?: () => void;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  written: number;
  lastWrite: number;
  flush?: unknown;
}

/**
 * EventRecorder writes core/v1 Events about federated objects to the federation API server, in the
 * background so propagation never waits on them. Repeats of the same event (object, type, reason,
 * message) within ten minutes update one Event's count, written at most every repeatIntervalMs,
 * as client-go's correlator does, so a retry loop cannot flood the API server.
 */
export class EventRecorder implements Runnable {
  readonly name = 'event-recorder';
  readonly #options: RecorderOptions;
  readonly #writes = new PQueue({ concurrency: 4 });
  readonly #seen = new LRUCache<string, Seen>({ max: 4096, ttl: 10 * 60_000 });
  /** Namespaces being deleted refuse new events; after one refusal they are left alone for a while. */
  readonly #terminating = new LRUCache<string, true>({ max: 1024, ttl: 60_000 });

  constructor(options: RecorderOptions) {
    this.#options = options;
  }

  record(object: KubeObject, type: EventType, reason: string, text: string): void {
    const { clock, repeatIntervalMs = 5_000 } = this.#options;
    const message = this.#options.redactor.redact(text);
    // A digest of what makes two events the same: the ten minutes of events it is kept for need not hold their messages.
    const key = createHash('sha256').update(`${object.metadata.uid}|${type}|${reason}|${message}`).digest('base64url');
    const seen = this.#seen.get(key);
    if (seen) {
      seen.count += 1;
      seen.flush ??= clock.setTimeout(() => this.#flush(seen), Math.max(0, seen.lastWrite + repeatIntervalMs - clock.now()));
      return;
    }
    const namespace = object.metadata.namespace || 'default';
    if (this.#terminating.has(namespace)) {
      return;
    }
    // Under a burst (thousands of objects at once) routine events are dropped rather than queued without bound;
    // warnings, the ones an operator acts on, get twice the room and go to the front of the queue.
    if (!hasRoom(type, this.#writes.size, this.#options.maxPending ?? 1000)) {
      this.#options.dropped?.();
      return;
    }
    const name = eventName(object.metadata.name ?? '', randomBytes(8).toString('hex'));
    const entry: Seen = { name, namespace, count: 1, written: 1, lastWrite: clock.now() };
    this.#seen.set(key, entry);
    // Only the reference waits in the queue, not the whole object.
    const involved = involvedObject(object);
    void this.#write(() => this.#create(involved, entry, type, reason, message), namespace, type === 'Warning' ? 1 : 0);
  }

  /** drain waits for queued event writes, for a clean shutdown. */
  async drain(): Promise<void> {
    await this.#writes.onIdle();
  }

  start(): void {
    // Events are recorded from construction on; there is nothing to start.
  }

  /** stop writes the counts of repeats still waiting for their timer, then waits for every queued write. */
  async stop(): Promise<void> {
    for (const seen of this.#seen.values()) {
      if (seen.flush !== undefined) {
        this.#options.clock.clearTimeout(seen.flush);
        this.#flush(seen);
      }
    }
    await this.drain();
  }

  #flush(seen: Seen): void {
    seen.flush = undefined;
    if (seen.count === seen.written) {
      return;
    }
    seen.written = seen.count;
    seen.lastWrite = this.#options.clock.now();
    const timestamp = new Date(seen.lastWrite).toISOString();
    void this.#write(() =>
      this.#options.client.request({
        method: 'PATCH',
        path: objectPath(eventType, seen.namespace, seen.name),
        contentType: 'application/merge-patch+json',
        body: { count: seen.count, lastTimestamp: timestamp },
      }),
    );
  }

  async #create(involved: InvolvedObject, seen: Seen, type: EventType, reason: string, message: string): Promise<void> {
    const { component, instance } = this.#options;
    const timestamp = new Date(seen.lastWrite).toISOString();
    await this.#options.client.request({
      method: 'POST',
      path: collectionPath(eventType, seen.namespace),
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: seen.name, namespace: seen.namespace },
        involvedObject: involved,
        type,
        reason,
        message: message.slice(0, 1024),
        source: { component },
        reportingComponent: component,
        reportingInstance: instance,
        firstTimestamp: timestamp,
        lastTimestamp: timestamp,
        count: 1,
      },
    });
  }

  async #write(write: () => Promise<unknown>, namespace?: string, priority = 0): Promise<void> {
    try {
      await this.#writes.add(write, { priority });
    } catch (error) {
      // An event that cannot be written must not disturb reconciling; it is only logged, quietly when its namespace is going or gone.
      const terminating = error instanceof ApiError && error.status === 403 && error.message.includes('being terminated');
      if (namespace && terminating) {
        this.#terminating.set(namespace, true);
      }
      const level = terminating || isNotFound(error) ? 'debug' : 'warn';
      this.#options.logger.log(level, 'event not recorded', { namespace, error: errorMessage(error) });
    }
  }
}

interface InvolvedObject {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

function involvedObject(object: KubeObject): InvolvedObject {
  const { namespace, name, uid, resourceVersion } = object.metadata;
  return { apiVersion: object.apiVersion, kind: object.kind, namespace, name, uid, resourceVersion };
}

/** An object name may be 253 characters long, and so may an Event's. */
const maxNameLength = 253;

/**
 * eventName names an Event about an object as client-go does (the object's name, a dot, a unique suffix), but
 * within the 253 characters the API server accepts: a long name is cut, and the cut never leaves the name
 * ending in "-" or "." (or holding anything a DNS subdomain cannot).
 */
export function eventName(objectName: string, suffix: string): string {
  const cut = objectName.toLowerCase().replace(/[^a-z0-9.-]/g, '-').slice(0, maxNameLength - suffix.length - 1);
  const labels = cut.split('.').map((label) => label.replace(/^-+|-+$/g, '')).filter((label) => label !== '');
  return `${labels.length > 0 ? labels.join('.') : 'object'}.${suffix}`;
}

/** hasRoom tells whether an event of this type may still be queued behind `pending` others. */
export function hasRoom(type: EventType, pending: number, maxPending: number): boolean {
  return pending < maxPending * (type === 'Warning' ? 2 : 1);
}

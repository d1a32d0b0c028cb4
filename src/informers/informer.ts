import type { KubeClient, WatchEvent } from '../kube/client.js';
import { ApiError, errorMessage, isGone } from '../kube/errors.js';
import { type KubeList, type KubeObject, objectKey } from '../core/objects.js';
import { apiVersionOf, collectionPath, type ResourceType, withTypeMeta } from '../kube/resources.js';
import { type Clock, sleep, systemClock } from '../runtime/clock.js';
import type { Logger } from '../runtime/observability/logger.js';
import type { Runnable } from '../runtime/runnable.js';
import { backoffDelay, reflectorBackoff } from '../core/queue/backoff.js';
import { sharedPool } from './string-pool.js';

/** InformerHandlers receive cache changes; they must only enqueue keys (no I/O, no throwing). */
export interface InformerHandlers<T extends KubeObject> {
  add?: (object: T) => void;
  update?: (previous: T, current: T) => void;
  delete?: (object: T) => void;
}

export interface InformerOptions<T extends KubeObject> {
  client: KubeClient;
  type: ResourceType;
  logger: Logger;
  /** namespace limits the cache to one namespace; all namespaces when omitted. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** transform trims each object before it is cached (for example dropping managedFields to save memory). */
  transform?: (object: T) => T;
  pageSize?: number;
  /** clock times the retries after a failure. */
  clock?: Clock;
}

const healthyResetMs = 120_000;
const shortWatchMs = 1_000;

/**
 * Informer keeps a local cache of one resource in sync with an API server: list, then watch from the
 * list's resourceVersion with bookmarks, relist on 410 Gone, and reconnect with client-go's reflector
 * backoff after any failure. Unlike client-node's ListWatch it never stops on an error.
 */
export class Informer<T extends KubeObject> implements Runnable {
  readonly #options: InformerOptions<T>;
  readonly #store = new Map<string, T>();
  readonly #handlers: InformerHandlers<T>[] = [];
  readonly #syncWaiters: (() => void)[] = [];
  #resourceVersion = '';
  #synced = false;
  #abort = new AbortController();
  #running?: Promise<void>;
  lastError?: string;
  /** lastStatus is the HTTP status of the last failure, when the server answered one. */
  #lastStatus?: number;
  readonly #apiVersion: string;

  constructor(options: InformerOptions<T>) {
    this.#options = options;
    this.#apiVersion = apiVersionOf(options.type);
  }

  get kind(): string {
    return this.#options.type.kind;
  }

  get description(): string {
    const { type, client } = this.#options;
    return `${type.plural}.${type.group || 'core'} at ${client.host}`;
  }

  get name(): string {
    return this.description;
  }

  addHandlers(handlers: InformerHandlers<T>): void {
    this.#handlers.push(handlers);
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  /**
   * cannotSync says why a cache that never synced will not sync by waiting: the server refused the
   * list (403, no permission) or does not serve the kind (404). Undefined while it may still sync.
   */
  cannotSync(): string | undefined {
    const refused = this.#lastStatus === 403 || this.#lastStatus === 404;
    return !this.#synced && refused ? this.lastError : undefined;
  }

  /** waitForSync resolves once the first list has been cached. */
  waitForSync(): Promise<void> {
    return this.#synced ? Promise.resolve() : new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  get(key: string): T | undefined {
    return this.#store.get(key);
  }

  list(): T[] {
    return [...this.#store.values()];
  }

  keys(): IterableIterator<string> {
    return this.#store.keys();
  }

  get size(): number {
    return this.#store.size;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  /** stop ends the list/watch loop, its retry timer included. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#abort.signal.aborted) {
      const started = performance.now();
      try {
        if (this.#resourceVersion === '') {
          await this.#relist();
        }
        const watchStarted = performance.now();
        await this.#watch();
        // A watch the server ends at once, again and again, would spin; treat it like a failure (as client-go does).
        if (performance.now() - watchStarted < shortWatchMs) {
          throw new Error('watch closed by the server immediately');
        }
        failures = 0;
      } catch (error) {
        if (this.#abort.signal.aborted) {
          return;
        }
        if (isGone(error)) {
          this.#resourceVersion = '';
          continue;
        }
        failures = performance.now() - started > healthyResetMs ? 0 : failures + 1;
        this.lastError = errorMessage(error);
        this.#lastStatus = error instanceof ApiError ? error.status : undefined;
        const delay = backoffDelay(reflectorBackoff, failures - 1);
        this.#options.logger.warn('list/watch failed, retrying', {
          informer: this.description,
          error: this.lastError,
          retryInMs: Math.round(delay),
        });
        await sleep(this.#options.clock ?? systemClock, delay, this.#abort.signal).catch(() => undefined);
      }
    }
  }

  async #relist(): Promise<void> {
    const { client, type, namespace, labelSelector, fieldSelector, pageSize } = this.#options;
    const fresh = new Map<string, T>();
    let continueToken: string | undefined;
    let resourceVersion: string;
    do {
      const page = await client.request<KubeList<T>>({
        path: collectionPath(type, namespace),
        query: { labelSelector, fieldSelector, limit: pageSize ?? 500, continue: continueToken },
        signal: this.#abort.signal,
      });
      for (const item of page.items) {
        const object = this.#prepare(item);
        fresh.set(cacheKey(object), object);
      }
      continueToken = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion ?? '';
    } while (continueToken);
    this.#replace(fresh);
    this.#resourceVersion = resourceVersion;
    this.lastError = undefined;
    this.#lastStatus = undefined;
    if (!this.#synced) {
      this.#synced = true;
      this.#syncWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  async #watch(): Promise<void> {
    const { client, type, namespace, labelSelector, fieldSelector } = this.#options;
    const abort = new AbortController();
    const forward = () => abort.abort();
    this.#abort.signal.addEventListener('abort', forward, { once: true });
    // Boxed, so that an event handler throwing undefined still counts as a failure.
    let failure: { error: unknown } | undefined;
    try {
      await client.watch<T>(
        collectionPath(type, namespace),
        {
          resourceVersion: this.#resourceVersion,
          allowWatchBookmarks: true,
          // Servers end watches after timeoutSeconds; spreading them avoids reconnect storms (as client-go does).
          timeoutSeconds: 300 + Math.floor(Math.random() * 300),
          labelSelector,
          fieldSelector,
        },
        (event) => {
          try {
            this.#apply(event);
          } catch (error) {
            failure = { error };
            abort.abort();
          }
        },
        { signal: abort.signal },
      );
    } catch (error) {
      if (failure === undefined) {
        throw error;
      }
    } finally {
      this.#abort.signal.removeEventListener('abort', forward);
    }
    if (failure !== undefined) {
      throw failure.error;
    }
  }

  #apply(event: WatchEvent<T>): void {
    if (event.type === 'ERROR') {
      const { code, reason, message } = event.object;
      throw new ApiError(typeof code === 'number' ? code : 500, typeof reason === 'string' ? reason : 'WatchError', typeof message === 'string' ? message : 'watch error');
    }
    const raw = event.object;
    this.#resourceVersion = raw.metadata.resourceVersion ?? this.#resourceVersion;
    if (event.type === 'BOOKMARK') {
      return;
    }
    const object = this.#prepare(raw);
    const key = cacheKey(object);
    const previous = this.#store.get(key);
    if (event.type === 'DELETED') {
      this.#store.delete(key);
      this.#notify((handlers) => handlers.delete?.(previous ?? object));
      return;
    }
    this.#store.set(key, object);
    if (previous) {
      this.#notify((handlers) => handlers.update?.(previous, object));
    } else {
      this.#notify((handlers) => handlers.add?.(object));
    }
  }

  /** replace swaps in a relisted cache and reports the differences as events, like client-go's DeltaFIFO Replace. */
  #replace(fresh: Map<string, T>): void {
    for (const [key, previous] of this.#store) {
      if (!fresh.has(key)) {
        this.#store.delete(key);
        this.#notify((handlers) => handlers.delete?.(previous));
      }
    }
    for (const [key, object] of fresh) {
      const previous = this.#store.get(key);
      this.#store.set(key, object);
      if (!previous) {
        this.#notify((handlers) => handlers.add?.(object));
      } else if (previous.metadata.resourceVersion !== object.metadata.resourceVersion) {
        this.#notify((handlers) => handlers.update?.(previous, object));
      }
    }
  }

  #prepare(item: T): T {
    const { type, transform } = this.#options;
    const typed = withTypeMeta(item, type, this.#apiVersion);
    return transform ? transform(typed) : typed;
  }

  #notify(call: (handlers: InformerHandlers<T>) => void): void {
    for (const handlers of this.#handlers) {
      try {
        call(handlers);
      } catch (error) {
        this.#options.logger.error('informer handler failed', { informer: this.description, error: errorMessage(error) });
      }
    }
  }
}

/** cacheKey is the object's key, interned: the federation's cache and every member's hold the same key for one object. */
function cacheKey(object: KubeObject): string {
  return sharedPool.intern(objectKey(object));
}

import type { RequestOptions as HttpsOptions } from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import { Agent, request } from 'undici';
import { TokenBucket } from '../core/queue/token-bucket.js';
import type { KubeObject } from '../core/objects.js';
import { isJsonObject } from '../scheduling/go-json.js';
import { ApiError, errorCode } from './errors.js';
import { requestUrl } from './request-url.js';
import { FencedError, gatedSignal, type WriteGate } from './write-gate.js';

/** RequestRecord is what a client reports about each finished request, for rest_client_* metrics. */
export interface RequestRecord {
  host: string;
  method: string;
  code: string;
  durationSeconds: number;
}

export interface ClientOptions {
  /** qps and burst bound requests per second to this server (watches excluded); qps <= 0 disables the limit. */
  qps?: number;
  burst?: number;
  /** timeoutMs bounds each non-watch request, so one slow server cannot hold a worker for long. */
  timeoutMs?: number;
  observe?: (record: RequestRecord) => void;
  /** gate, when set, can refuse writes and abort requests in flight (leader fencing). */
  gate?: WriteGate;
  /** userAgent names the program (and instance) in the servers' audit logs. */
  userAgent?: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** text returns the body as text instead of decoding JSON (health endpoints answer "ok"). */
  text?: boolean;
}

/** WatchEvent is one event of a watch: an object, or with ERROR the API server's Status. */
export type WatchEvent<T extends KubeObject = KubeObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: { code?: unknown; reason?: unknown; message?: unknown } };

const watchEventTypes = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

const headerRefreshMs = 30_000;

const defaultUserAgent = `kubefed (${process.platform}/${process.arch})`;

/**
 * KubeClient talks JSON to one API server over one pooled set of keep-alive connections.
 * client-node's generated clients open a new connection per request when TLS options are set, and
 * they turn timestamps into Dates on list but not on watch; kubefed needs neither, so it uses
 * client-node for kubeconfig loading and authentication and speaks REST itself.
 */
export class KubeClient {
  readonly server: string;
  readonly host: string;
  readonly #config: KubeConfig;
  readonly #agent: Agent;
  readonly #limiter: TokenBucket;
  readonly #timeoutMs: number;
  readonly #observe: (record: RequestRecord) => void;
  readonly #gate?: WriteGate;
  readonly #userAgent: string;
  #headers?: { values: Record<string, string>; expires: number };

  private constructor(config: KubeConfig, agent: Agent, options: ClientOptions) {
    const cluster = config.getCurrentCluster();
    if (!cluster) {
      throw new Error('kubeconfig has no current cluster');
    }
    this.server = cluster.server.replace(/\/+$/, '');
    this.host = new URL(this.server).host;
    this.#config = config;
    this.#agent = agent;
    this.#limiter = new TokenBucket(options.qps ?? 0, options.burst ?? 1, performance.now());
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#observe = options.observe ?? (() => undefined);
    this.#gate = options.gate;
    this.#userAgent = options.userAgent ?? defaultUserAgent;
  }

  /** create builds a client for the kubeconfig's current context. */
  static async create(config: KubeConfig, options: ClientOptions = {}): Promise<KubeClient> {
    const tls: HttpsOptions = {};
    await config.applyToHTTPSOptions(tls);
    const cluster = config.getCurrentCluster();
    const connect = {
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      servername: tls.servername,
      rejectUnauthorized: cluster?.skipTLSVerify ? false : true,
      keepAlive: true,
      keepAliveInitialDelay: 30_000,
    };
    const agent = new Agent({ connect, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 });
    return new KubeClient(config, agent, options);
  }

  /** request sends one API request and returns the decoded JSON body; failures throw ApiError. */
  async request<T = unknown>(options: RequestOptions): Promise<T> {
    const wait = this.#limiter.reserve(performance.now());
    if (wait > 0) {
      await sleep(wait);
    }
    const method = options.method ?? 'GET';
    const started = performance.now();
    let code = '<error>';
    try {
      const headers: Record<string, string> = { ...(await this.#authHeaders()), accept: 'application/json', 'user-agent': this.#userAgent };
      let body: string | undefined;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = options.contentType ?? 'application/json';
      }
      const timeout = options.timeoutMs ?? this.#timeoutMs;
      // Checked after every await above and right before sending: nothing can slip through a closing gate.
      const refusal = method === 'GET' ? undefined : this.#gate?.refusal();
      if (refusal !== undefined) {
        throw new FencedError(refusal);
      }
      const response = await request(this.#url(options.path, options.query), {
        method,
        headers,
        body,
        dispatcher: this.#agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: gatedSignal(this.#gate, options.signal),
      });
      code = String(response.statusCode);
      const text = await response.body.text();
      if (response.statusCode === 401) {
        this.#headers = undefined;
      }
      if (response.statusCode >= 400) {
        throw apiErrorFrom(response.statusCode, text, `${method} ${options.path}`);
      }
      if (options.text) {
        return text as T;
      }
      return (text === '' ? undefined : JSON.parse(text)) as T;
    } catch (error) {
      if (error instanceof ApiError || error instanceof FencedError) {
        throw error;
      }
      throw new Error(`${method} ${this.server}${options.path}: ${describe(error)}`, { cause: error });
    } finally {
      this.#observe({ host: this.host, method, code, durationSeconds: (performance.now() - started) / 1000 });
    }
  }

  /**
   * watch streams events of a watch request until the server ends it, the stream stalls for
   * idleTimeoutMs, or signal aborts. It resolves on a clean end and rejects on failure.
   */
  async watch<T extends KubeObject = KubeObject>(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (event: WatchEvent<T>) => void,
    options: { signal?: AbortSignal; idleTimeoutMs?: number } = {},
  ): Promise<void> {
    const started = performance.now();
    let code = '<error>';
    try {
      const response = await request(this.#url(path, { ...query, watch: true }), {
        method: 'GET',
        headers: { ...(await this.#authHeaders()), accept: 'application/json', 'user-agent': this.#userAgent },
        dispatcher: this.#agent,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: options.idleTimeoutMs ?? 90_000,
        signal: gatedSignal(this.#gate, options.signal),
      });
      code = String(response.statusCode);
      if (response.statusCode >= 400) {
        throw apiErrorFrom(response.statusCode, await response.body.text(), `watch ${path}`);
      }
      const decoder = new StringDecoder('utf8');
      let pending = '';
      for await (const chunk of response.body) {
        pending += decoder.write(chunk as Buffer);
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          if (line.trim() !== '') {
            onEvent(watchEvent<T>(line));
          }
          newline = pending.indexOf('\n');
        }
      }
    } catch (error) {
      if (error instanceof ApiError || options.signal?.aborted) {
        throw error;
      }
      // A quiet resource sends nothing for a while; an idle stream simply ends and is watched again.
      if (errorCode(error) === 'UND_ERR_BODY_TIMEOUT') {
        return;
      }
      throw new Error(`watch ${this.server}${path}: ${describe(error)}`, { cause: error });
    } finally {
      this.#observe({ host: this.host, method: 'WATCH', code, durationSeconds: (performance.now() - started) / 1000 });
    }
  }

  /** close ends every pooled connection, including open watches. */
  async close(): Promise<void> {
    await this.#agent.destroy();
  }

  #url(path: string, query?: Record<string, string | number | boolean | undefined>): string {
    return requestUrl(this.server, path, query);
  }

  async #authHeaders(): Promise<Record<string, string>> {
    const now = performance.now();
    if (!this.#headers || this.#headers.expires < now) {
      // Token files and exec plugins rotate credentials; refreshing on a timer (and after a 401) follows them.
      const options: { headers?: Record<string, string> } = {};
      await this.#config.applyToHTTPSOptions(options);
      this.#headers = { values: { ...(options.headers ?? {}) }, expires: now + headerRefreshMs };
    }
    return this.#headers.values;
  }
}

function apiErrorFrom(status: number, text: string, what: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return new ApiError(status, String(status), `${what}: HTTP ${status}: ${text.slice(0, 200)}`);
  }
  const { reason, message, details } = isJsonObject(parsed) ? parsed : {};
  return new ApiError(status, typeof reason === 'string' ? reason : String(status), typeof message === 'string' ? message : `${what}: HTTP ${status}`, details);
}

/**
 * watchEvent decodes one line of a watch stream. The API server's word on the object's kind is taken
 * (the caller names the resource it watches); the event's shape is checked, so a broken line is an error.
 */
function watchEvent<T extends KubeObject>(line: string): WatchEvent<T> {
  const parsed: unknown = JSON.parse(line);
  if (!isJsonObject(parsed) || typeof parsed.type !== 'string' || !watchEventTypes.has(parsed.type) || !isJsonObject(parsed.object)) {
    throw new Error(`malformed watch event: ${line.slice(0, 200)}`);
  }
  if (parsed.type === 'ERROR') {
    return { type: 'ERROR', object: parsed.object };
  }
  if (!isJsonObject(parsed.object.metadata)) {
    throw new Error(`watch event without metadata: ${line.slice(0, 200)}`);
  }
  return parsed as WatchEvent<T>;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = errorCode(error);
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

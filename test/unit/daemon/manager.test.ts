// The Manager's lifecycle with a fake client in place of the federation API server: every part starts in order,
// stops in reverse, and once run resolves nothing of it is left: no timer on the clock (resyncs, probes, token checks,
// the event-loop watch, the stop deadline), no timer or listener in the process, every client closed, the Lease handed over.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Manager } from '../../../src/daemon/manager.js';
import { parseConfig } from '../../../src/daemon/config/flags.js';
import type { KubeClient, RequestOptions } from '../../../src/kube/client.js';
import { ApiError } from '../../../src/kube/errors.js';
import { createLogger } from '../../../src/runtime/observability/logger.js';
import { Redactor } from '../../../src/runtime/observability/redactor.js';
import { Metrics } from '../../../src/runtime/observability/metrics.js';
import { ManualClock } from '../support/manual-clock.js';

interface LogLine {
  msg: string;
  [field: string]: unknown;
}

/** FakeClient answers lists with nothing, holds watches open until aborted, and records writes and closing. */
class FakeClient {
  readonly server = 'https://127.0.0.1:1';
  readonly host = '127.0.0.1:1';
  readonly writes: RequestOptions[] = [];
  openWatches = 0;
  closed = false;
  #lease?: unknown;

  request<T>(options: RequestOptions): Promise<T> {
    // The constructor turns a thrown ApiError into a rejection, as the real client's async request does.
    return new Promise<T>((resolve) => resolve(this.#answer<T>(options)));
  }

  #answer<T>(options: RequestOptions): T {
    const method = options.method ?? 'GET';
    if (method !== 'GET') {
      this.writes.push(options);
    }
    if (options.path.includes('/leases')) {
      return this.#leases(method, options) as T;
    }
    if (method !== 'GET') {
      return (options.body ?? {}) as T;
    }
    const items = options.path === '/api/v1/namespaces' ? [{ metadata: { name: 'kube-system', uid: 'federation-uid' } }] : [];
    return { items, metadata: { resourceVersion: '1' } } as T;
  }

  async watch(_path: string, _query: unknown, _onEvent: unknown, options: { signal?: AbortSignal } = {}): Promise<void> {
    this.openWatches += 1;
    await new Promise((resolve) => options.signal?.addEventListener('abort', resolve, { once: true }));
    this.openWatches -= 1;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  #leases(method: string, options: RequestOptions): unknown {
    if (method === 'GET') {
      if (this.#lease === undefined) {
        throw new ApiError(404, 'NotFound', 'lease not found');
      }
      return this.#lease;
    }
    this.#lease = options.body;
    return this.#lease;
  }
}

let directory: string;
let kubeconfig: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kubefed-manager-'));
  kubeconfig = join(directory, 'kubeconfig');
  await writeFile(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'federation', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'admin', user: { token: 'token' } }],
      contexts: [{ name: 'federation', context: { cluster: 'federation', user: 'admin' } }],
      'current-context': 'federation',
    }),
  );
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** handles counts the process's timers and listening sockets, after letting closes that are under way finish. */
async function handles(): Promise<{ timers: number; listeners: number }> {
  await new Promise((resolve) => setImmediate(resolve));
  const resources = process.getActiveResourcesInfo();
  return { timers: resources.filter((resource) => resource === 'Timeout').length, listeners: resources.filter((resource) => resource === 'TCPServerWrap').length };
}

function started(lines: LogLine[], msg: string): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (lines.some((line) => line.msg === msg) ? resolve() : setImmediate(poll));
    poll();
  });
}

/** managerWithFakes builds a Manager on a manual clock whose clients are FakeClients, and records its log lines. */
function managerWithFakes(flags: string[]) {
  const config = parseConfig([`--kubeconfig=${kubeconfig}`, ...flags]);
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as LogLine);
      callback();
    },
  });
  const redactor = new Redactor();
  const clock = new ManualClock();
  const clients: FakeClient[] = [];
  const manager = new Manager({
    config,
    logger: createLogger('info', stream, redactor),
    redactor,
    clock,
    metrics: new Metrics(),
    connect: () => {
      const client = new FakeClient();
      clients.push(client);
      return Promise.resolve(client as unknown as KubeClient);
    },
  });
  return { config, manager, lines, clock, clients };
}

describe('Manager', () => {
  it.each([
    ['a leader', ['--leader-elect=true']],
    ['without leader election, with service DNS', ['--leader-elect=false', '--dns-zone-name=example.com']],
  ])('as %s starts every part and leaves nothing open once stopped', async (_case, flags) => {
    const handlesBefore = await handles();
    const { config, manager, lines, clock, clients } = managerWithFakes(['--metrics-bind-address=127.0.0.1:0', '--health-probe-bind-address=127.0.0.1:0', ...flags]);
    const abort = new AbortController();
    const running = manager.run(abort.signal);
    await started(lines, 'controllers started');
    // Running: resyncs, member probes and the token check wait on the clock, caches watch, listeners listen.
    expect(clock.pending).toBeGreaterThan(config.controllers.length);
    expect(clients.reduce((sum, client) => sum + client.openWatches, 0)).toBeGreaterThan(0);
    expect((await handles()).listeners).toBeGreaterThanOrEqual(2);

    abort.abort();
    await running;

    expect(clock.pending).toBe(0);
    expect(clients.map((client) => [client.closed, client.openWatches])).toEqual(clients.map(() => [true, 0]));
    // Other files' handles in this worker may close meanwhile, so the process holds no more than before, and the ports refuse.
    const handlesAfter = await handles();
    expect(handlesAfter.listeners).toBeLessThanOrEqual(handlesBefore.listeners);
    expect(handlesAfter.timers).toBeLessThanOrEqual(handlesBefore.timers);
    const bound = lines.find((line) => line.msg === 'serving');
    for (const address of [bound?.probes, bound?.metrics]) {
      await expect(fetch(`http://${String(address)}/healthz`)).rejects.toThrow();
    }
    expect(lines.map((line) => line.msg)).toContain('stopped');
    expect(lines.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it('hands the Lease over when it stops', async () => {
    const { manager, lines, clients } = managerWithFakes(['--metrics-bind-address=0', '--health-probe-bind-address=0']);
    const abort = new AbortController();
    const running = manager.run(abort.signal);
    await started(lines, 'controllers started');
    abort.abort();
    await running;
    const leaseWrites = clients.flatMap((client) => client.writes).filter((write) => write.path.includes('/leases'));
    expect(leaseWrites.map((write) => write.method)).toEqual(['POST', 'PUT']);
    expect(lines.map((line) => line.msg)).toContain('released the leader lease');
  });
});

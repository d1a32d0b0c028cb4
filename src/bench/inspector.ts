// A minimal Chrome DevTools Protocol client for the controller-manager's inspector (--inspect on loopback):
// forced garbage collection and heap usage for steady-state memory, CPU profiles and heap snapshots for profiling.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

/** inspectorUrl finds the WebSocket address Node prints on stderr for --inspect ("Debugger listening on ws://…"). */
export function inspectorUrl(stderr: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
}

export class Inspector {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, (params: Record<string, unknown>) => void>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; params?: Record<string, unknown> };
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) {
          pending?.reject(new Error(message.error.message));
        } else {
          pending?.resolve(message.result ?? {});
        }
      } else if (message.method !== undefined) {
        this.#listeners.get(message.method)?.(message.params ?? {});
      }
    });
    socket.addEventListener('close', () => {
      for (const pending of this.#pending.values()) {
        pending.reject(new Error('inspector connection closed'));
      }
      this.#pending.clear();
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
    });
    return new Inspector(socket);
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** collectGarbage runs a full garbage collection in the inspected process. */
  async collectGarbage(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
  }

  /** heapUsedBytes is V8's used heap size (what nodejs_heap_size_used_bytes reports), read without a scrape. */
  async heapUsedBytes(): Promise<number> {
    const usage = await this.call('Runtime.getHeapUsage');
    return Number(usage.usedSize);
  }

  /** processMemory is the inspected process's process.memoryUsage(): V8's committed heap (heapTotal) and what lives outside it. */
  async processMemory(): Promise<{ heapTotal: number; external: number; arrayBuffers: number }> {
    const result = await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    return JSON.parse(String((result.result as { value?: unknown } | undefined)?.value)) as { heapTotal: number; external: number; arrayBuffers: number };
  }

  async startCpuProfile(): Promise<void> {
    await this.call('Profiler.enable');
    await this.call('Profiler.setSamplingInterval', { interval: 500 });
    await this.call('Profiler.start');
  }

  /** stopCpuProfile returns the profile as a .cpuprofile document (open it in Chrome DevTools or speedscope). */
  async stopCpuProfile(): Promise<unknown> {
    const result = await this.call('Profiler.stop');
    await this.call('Profiler.disable');
    return result.profile;
  }

  /** writeHeapSnapshot streams a .heapsnapshot of the inspected process into file (it forces a GC first). */
  async writeHeapSnapshot(file: string): Promise<void> {
    const out = createWriteStream(file);
    let writing = Promise.resolve();
    this.#listeners.set('HeapProfiler.addHeapSnapshotChunk', (params) => {
      const chunk = String(params.chunk);
      writing = writing.then(async () => {
        if (!out.write(chunk)) {
          await once(out, 'drain');
        }
      });
    });
    try {
      await this.call('HeapProfiler.enable');
      await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      await writing;
      await this.call('HeapProfiler.disable');
    } finally {
      this.#listeners.delete('HeapProfiler.addHeapSnapshotChunk');
      await new Promise<void>((resolve) => out.end(resolve));
    }
  }

  close(): void {
    this.#socket.close();
  }
}

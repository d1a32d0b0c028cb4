// The controller-manager under test: dist/daemon/main.js spawned against the bench lab, with its metrics, probes,
// CPU time and memory read from outside, and an inspector attached for garbage collection and profiles.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { controllerManagerArguments } from '../cli/lab/run-command.js';
import { nodeRuntimeFlags, runtimeEnvironment } from '../daemon/config/runtime.js';
import { parseBindAddress } from '../runtime/observability/http-server.js';
import type { LabState } from '../cli/lab/index.js';
import { onInterrupt } from './cleanup.js';
import { Inspector, inspectorUrl } from './inspector.js';
import { cpuSecondsFromStat, memoryFromStatus, type MemoryStatus } from './proc.js';
import { parseSamples, type Sample } from './prometheus.js';
import { activityOf, QuietDetector } from './quiet.js';

/**
 * httpGet fetches a loopback URL on a connection of its own (no keep-alive: a pooled connection that the server closes
 * while idle makes the next request fail), retrying a few times; it resolves with the status and the body.
 */
export async function httpGet(url: string, attempts = 3): Promise<{ status: number; body: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Promise((resolve, reject) => {
        const request = get(url, { agent: false, timeout: 30_000 }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          response.on('error', reject);
        });
        request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
        request.on('error', reject);
      });
    } catch (error) {
      if (attempt >= attempts) {
        throw error;
      }
      await sleep(100 * attempt);
    }
  }
}

export interface MemoryReading {
  residentBytes: number;
  peakResidentBytes: number;
  heapUsedBytes: number;
  /** Where resident memory goes beyond the used heap (only with collect): V8's committed heap, and memory V8 does not manage. */
  breakdown?: { anonymousBytes?: number; heapCommittedBytes: number; externalBytes: number };
}

export class ControllerManagerProcess {
  readonly startedAt: number;
  /** Warning and error log lines: how many, and the first 200. */
  warningCount = 0;
  readonly warnings: string[] = [];
  readonly #lastLines: string[] = [];
  #stderr = '';
  #started = false;
  /** Ports from the 'serving' log line: the process binds port 0 so no other process can take its port first. */
  metricsPort?: number;
  probePort?: number;
  #exit?: { code: number | null; signal: NodeJS.Signals | null };
  readonly #exited: Promise<void>;
  #inspector?: Inspector;
  readonly #forget: () => void;
  #lastCpu = 0;
  #lastMemory?: MemoryStatus;

  private constructor(
    readonly child: ChildProcess,
    readonly log: WriteStream,
  ) {
    this.startedAt = performance.now();
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      log.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        this.#lastLines.push(line);
        if (this.#lastLines.length > 20) {
          this.#lastLines.shift();
        }
        if (this.probePort === undefined && line.includes('"msg":"serving"')) {
          const serving = JSON.parse(line) as { metrics?: string; probes?: string };
          this.metricsPort = parseBindAddress(serving.metrics ?? '')?.port;
          this.probePort = parseBindAddress(serving.probes ?? '')?.port;
        }
        if (!this.#started && line.includes('"msg":"controllers started"')) {
          this.#started = true;
        }
        if (/"level":"(warn|error)"/.test(line)) {
          this.warningCount += 1;
          if (this.warnings.length < 200) {
            this.warnings.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
          }
        }
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log.write(chunk);
      if (this.#stderr.length < 64_000) {
        this.#stderr += chunk;
      }
    });
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        resolve();
      }),
    );
    this.#forget = onInterrupt(async () => {
      await this.stop(5_000);
    });
  }

  /** start spawns `main` (a dist/daemon/main.js) with the lab's connection flags, fresh probe ports, an inspector and `flags`. */
  static start(main: string, state: LabState, flags: string[], logFile: string, nodeOptions: readonly string[] = []): ControllerManagerProcess {
    // The lab's arguments bind the metrics and probe listeners to free ports.
    const args = ['--inspect=127.0.0.1:0', ...nodeRuntimeFlags, ...nodeOptions, main, ...controllerManagerArguments(state), ...flags];
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`--- bench: ${new Date().toISOString()} ${process.execPath} ${args.join(' ')}\n`);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...runtimeEnvironment() } });
    return new ControllerManagerProcess(child, log);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  #assertRunning(): void {
    if (this.#exit !== undefined) {
      const tail = this.#stderr.split('\n').slice(-5).join('\n');
      throw new Error(`${this.#exitDescription()}; see its log. ${tail}`);
    }
  }

  /** waitReady resolves with milliseconds since spawn once /readyz answers 200 and the controllers have started. */
  async waitReady(timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      this.#assertRunning();
      if (this.#started && (await this.#probe('/readyz')) === 200) {
        return performance.now() - this.startedAt;
      }
      if (performance.now() > deadline) {
        throw new Error(`the controller-manager was not ready within ${timeoutMs / 1000} s`);
      }
      await sleep(20);
    }
  }

  async #probe(path: string): Promise<number | undefined> {
    if (this.probePort === undefined) {
      return undefined;
    }
    try {
      return (await httpGet(`http://127.0.0.1:${this.probePort}${path}`, 1)).status;
    } catch {
      return undefined;
    }
  }

  async metrics(): Promise<Sample[]> {
    this.#assertRunning();
    const response = await httpGet(`http://127.0.0.1:${this.metricsPort}/metrics`);
    if (response.status !== 200) {
      throw new Error(`/metrics answered ${response.status}`);
    }
    return parseSamples(response.body);
  }

  /**
   * waitQuiet polls /metrics until nothing has been queued, run, reconciled or written for quietMs, and resolves with
   * the moment (performance.now()) that idle stretch began.
   */
  async waitQuiet(quietMs: number, timeoutMs: number, pollMs = 250): Promise<number> {
    const detector = new QuietDetector(quietMs);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const now = performance.now();
      const since = detector.observe(now, activityOf(await this.metrics()));
      if (since !== undefined) {
        return since;
      }
      if (now > deadline) {
        throw new Error(`the controller-manager did not go quiet within ${timeoutMs / 1000} s`);
      }
      await sleep(pollMs);
    }
  }

  /**
   * guard settles like `work`, unless the controller-manager exits first (a crash, or somebody else's cleanup killing
   * node processes on a shared machine): then it rejects at once instead of letting a phase wait out its timeout.
   */
  guard<T>(work: Promise<T>): Promise<T> {
    const died = this.#exited.then(() => {
      throw new Error(`${this.#exitDescription()} during the phase; see its log`);
    });
    return Promise.race([work, died]);
  }

  #exitDescription(): string {
    const exit = this.#exit;
    const stoppedBySignal = /"msg":"shutting down","signal":"(\w+)"/.exec(this.#lastLines.join('\n'))?.[1];
    const by = this.#stopping ? 'stopped by the benchmark' : stoppedBySignal ? `stopped by ${stoppedBySignal} from outside the benchmark` : 'exited';
    return `the controller-manager (pid ${this.pid}) ${by} (code ${exit?.code}, signal ${exit?.signal})`;
  }

  /** warningsSince reports the warnings logged after the count was `before`. */
  warningsSince(before: number): { count: number; first: string[] } {
    return { count: this.warningCount - before, first: this.warnings.slice(before, before + 5) };
  }

  /** cpuSeconds is the process's user + system CPU time so far (the last reading once it has exited). */
  async cpuSeconds(): Promise<number> {
    try {
      this.#lastCpu = cpuSecondsFromStat(await readFile(`/proc/${this.pid}/stat`, 'utf8'));
    } catch {
      // gone: keep the last reading
    }
    return this.#lastCpu;
  }

  async memoryStatus(): Promise<MemoryStatus> {
    try {
      this.#lastMemory = memoryFromStatus(await readFile(`/proc/${this.pid}/status`, 'utf8'));
    } catch (error) {
      if (this.#lastMemory === undefined) {
        throw error;
      }
    }
    return this.#lastMemory;
  }

  async inspector(): Promise<Inspector> {
    if (this.#inspector === undefined) {
      const deadline = performance.now() + 10_000;
      let url = inspectorUrl(this.#stderr);
      while (url === undefined && performance.now() < deadline) {
        this.#assertRunning();
        await sleep(20);
        url = inspectorUrl(this.#stderr);
      }
      if (url === undefined) {
        throw new Error('the controller-manager printed no inspector address');
      }
      this.#inspector = await Inspector.connect(url);
    }
    return this.#inspector;
  }

  /** memory reads resident memory (now and peak) and V8's used heap; with collect, after a full garbage collection. */
  async memory(collect: boolean): Promise<MemoryReading> {
    const inspector = await this.inspector();
    if (collect) {
      // Two passes: the first may only finalise what the second frees (weak references, external memory).
      await inspector.collectGarbage();
      await inspector.collectGarbage();
      await sleep(200);
    }
    const heapUsedBytes = await inspector.heapUsedBytes();
    const usage = collect ? await inspector.processMemory() : undefined;
    const { anonymousBytes, ...status } = await this.memoryStatus();
    const breakdown = usage && { anonymousBytes, heapCommittedBytes: usage.heapTotal, externalBytes: usage.external };
    return { ...status, heapUsedBytes, ...(breakdown ? { breakdown } : {}) };
  }

  /** stop sends SIGTERM (SIGKILL after timeoutMs) and resolves once the process has exited, with its final readings. */
  stop(timeoutMs = 40_000): Promise<{ cpuSeconds: number; peakResidentBytes: number | undefined }> {
    this.#stopping ??= this.#stop(timeoutMs);
    return this.#stopping;
  }

  #stopping?: Promise<{ cpuSeconds: number; peakResidentBytes: number | undefined }>;

  async #stop(timeoutMs: number): Promise<{ cpuSeconds: number; peakResidentBytes: number | undefined }> {
    this.#forget();
    const cpuSeconds = await this.cpuSeconds();
    const memory = await this.memoryStatus().catch(() => undefined);
    this.#inspector?.close();
    if (this.#exit === undefined) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
      await this.#exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => this.log.end(resolve));
    return { cpuSeconds, peakResidentBytes: memory?.peakResidentBytes };
  }
}

/** MemorySampler polls resident memory and heap while a phase runs, for peaks between readings. */
export class MemorySampler {
  peakResidentBytes = 0;
  peakHeapUsedBytes = 0;
  #timer?: NodeJS.Timeout;
  #busy = false;

  constructor(
    readonly process: ControllerManagerProcess,
    readonly periodMs = 500,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.sample(), this.periodMs);
  }

  async sample(): Promise<void> {
    if (this.#busy || !this.process.running) {
      return;
    }
    this.#busy = true;
    try {
      const reading = await this.process.memory(false);
      this.peakResidentBytes = Math.max(this.peakResidentBytes, reading.peakResidentBytes, reading.residentBytes);
      this.peakHeapUsedBytes = Math.max(this.peakHeapUsedBytes, reading.heapUsedBytes);
    } catch {
      // a reading lost to a busy or exiting process is simply skipped
    } finally {
      this.#busy = false;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.sample();
  }
}

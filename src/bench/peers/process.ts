// One process of a system under test (a peer's component, or kubefed's controller-manager), started and stopped by the
// benchmark itself: its own process group, so a stop (or Ctrl-C, or the benchmark dying) takes every child with it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { onInterrupt } from '../cleanup.js';
import { cpuSecondsFromStat, memoryFromStatus, type MemoryStatus } from '../proc.js';

/** Every group still running, so the benchmark's exit handler can kill them synchronously whatever happens. */
const running = new Set<number>();
process.once('exit', () => {
  for (const group of running) {
    killGroup(group, 'SIGKILL');
  }
});

function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // ESRCH: already gone
  }
}

export interface ProcessSpec {
  /** The component's name in reports, e.g. "karmada-scheduler". */
  readonly name: string;
  readonly command: readonly string[];
  readonly log: string;
  readonly environment?: Readonly<Record<string, string>>;
}

export class SystemProcess {
  readonly name: string;
  readonly startedAt = performance.now();
  readonly #child: ChildProcess;
  readonly #log: WriteStream;
  readonly #exited: Promise<void>;
  readonly #forget: () => void;
  #exit?: string;
  #stopping?: Promise<void>;
  #lastCpu = 0;
  #lastMemory: MemoryStatus = { residentBytes: 0, peakResidentBytes: 0 };

  private constructor(spec: ProcessSpec) {
    this.name = spec.name;
    const [binary, ...args] = spec.command;
    this.#log = createWriteStream(spec.log, { flags: 'a' });
    this.#log.write(`--- bench: ${new Date().toISOString()} ${spec.command.join(' ')}\n`);
    this.#child = spawn(binary ?? '', args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...spec.environment },
    });
    this.#child.stdout?.pipe(this.#log, { end: false });
    this.#child.stderr?.pipe(this.#log, { end: false });
    const pid = this.#child.pid;
    if (pid !== undefined) {
      running.add(pid);
    }
    this.#exited = new Promise((resolve) => {
      const done = (description: string): void => {
        this.#exit ??= description;
        if (pid !== undefined) {
          running.delete(pid);
        }
        resolve();
      };
      this.#child.once('exit', (code, signal) => done(signal === null ? `exited with code ${code}` : `was killed by ${signal}`));
      this.#child.once('error', (error) => done(`could not start: ${error.message}`));
    });
    this.#forget = onInterrupt(() => this.stop(5_000));
  }

  static start(spec: ProcessSpec): SystemProcess {
    return new SystemProcess(spec);
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  /** exitDescription says how the process ended ("exited with code 1"), or undefined while it runs. */
  get exitDescription(): string | undefined {
    return this.#exit;
  }

  /** guard settles like `work` unless the process exits first, which rejects at once with its exit. */
  guard<T>(work: Promise<T>): Promise<T> {
    const died = this.#exited.then(() => {
      throw new Error(`${this.name} (pid ${this.pid}) ${this.#exit ?? 'exited'} during the phase; see its log`);
    });
    died.catch(() => undefined);
    return Promise.race([work, died]);
  }

  async cpuSeconds(): Promise<number> {
    try {
      this.#lastCpu = cpuSecondsFromStat(await readFile(`/proc/${this.pid}/stat`, 'utf8'));
    } catch {
      // gone: keep the last reading
    }
    return this.#lastCpu;
  }

  async memory(): Promise<MemoryStatus> {
    try {
      this.#lastMemory = memoryFromStatus(await readFile(`/proc/${this.pid}/status`, 'utf8'));
    } catch {
      // gone: keep the last reading
    }
    return this.#lastMemory;
  }

  /** stop sends SIGTERM to the whole process group (SIGKILL after timeoutMs) and resolves once the leader has exited. */
  stop(timeoutMs = 20_000): Promise<void> {
    this.#stopping ??= this.#stop(timeoutMs);
    return this.#stopping;
  }

  async #stop(timeoutMs: number): Promise<void> {
    this.#forget();
    await this.cpuSeconds();
    await this.memory();
    if (this.#exit === undefined) {
      killGroup(this.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(this.pid, 'SIGKILL'), timeoutMs);
      await this.#exited;
      clearTimeout(timer);
    }
    // Children that outlived the leader go too.
    killGroup(this.pid, 'SIGKILL');
    await new Promise<void>((resolve) => this.#log.end(resolve));
  }
}

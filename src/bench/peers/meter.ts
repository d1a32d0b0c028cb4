// CPU and memory of a system under test, read from /proc for every one of its processes, and "settled": the moment
// its processes stop using CPU, the same test for every system (no system's own metrics are needed for it).
import { setTimeout as sleep } from 'node:timers/promises';
import type { SystemProcess } from './process.js';

/** The window over which CPU must stay low to call a system settled. */
export const settleWindowMs = 2_000;

/** Per process name: CPU seconds (processes that were restarted add up). */
export type CpuByProcess = Record<string, number>;

export async function cpuByProcess(processes: readonly SystemProcess[]): Promise<CpuByProcess> {
  const readings: CpuByProcess = {};
  for (const process of processes) {
    readings[process.name] = (readings[process.name] ?? 0) + (await process.cpuSeconds());
  }
  return readings;
}

export function cpuDelta(after: CpuByProcess, before: CpuByProcess): CpuByProcess {
  return Object.fromEntries(Object.entries(after).map(([name, seconds]) => [name, Math.round((seconds - (before[name] ?? 0)) * 100) / 100]));
}

export const cpuTotal = (readings: CpuByProcess): number => Object.values(readings).reduce((sum, seconds) => sum + seconds, 0);

/**
 * SettleDetector is fed (time, total CPU seconds) readings in order and reports the start of the first stretch of
 * `windowMs` in which the processes used at most `idleCoreFraction` of a core: the moment the work really ended. Pure.
 */
export class SettleDetector {
  readonly #readings: { at: number; cpu: number }[] = [];

  constructor(
    readonly windowMs: number,
    readonly idleCoreFraction: number,
  ) {}

  observe(at: number, cpu: number): number | undefined {
    this.#readings.push({ at, cpu });
    const first = this.#readings[0] ?? { at, cpu };
    if (at - first.at < this.windowMs) {
      return undefined;
    }
    // The oldest reading still inside the window starts the stretch.
    while (this.#readings.length > 1 && at - (this.#readings[1]?.at ?? at) >= this.windowMs) {
      this.#readings.shift();
    }
    const start = this.#readings[0] ?? { at, cpu };
    const used = cpu - start.cpu;
    return used <= ((at - start.at) / 1000) * this.idleCoreFraction ? start.at : undefined;
  }
}

/**
 * waitSettled polls the processes' CPU until they have been idle for the window (at most `idleCoreFraction` of a
 * core, which leaves room for health probes), and resolves with the moment the idle stretch began.
 */
export async function waitSettled(processes: () => readonly SystemProcess[], timeoutMs: number, idleCoreFraction = 0.05, pollMs = 250): Promise<number> {
  const detector = new SettleDetector(settleWindowMs, idleCoreFraction);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const now = performance.now();
    const since = detector.observe(now, cpuTotal(await cpuByProcess(processes())));
    if (since !== undefined) {
      return since;
    }
    if (now > deadline) {
      throw new Error(`the system did not settle (CPU below ${idleCoreFraction * 100} % of a core for ${settleWindowMs / 1000} s) within ${timeoutMs / 1000} s`);
    }
    await sleep(pollMs);
  }
}

/** MemoryWatch samples the summed RSS of a system's processes; peaks between samples come from each VmHWM. */
export class MemoryWatch {
  peakResidentBytes = 0;
  /** Per process name, its own peak (VmHWM), the highest over restarts. */
  readonly peakByProcess: Record<string, number> = {};
  #timer?: NodeJS.Timeout;
  #busy = false;

  constructor(
    readonly processes: () => readonly SystemProcess[],
    readonly periodMs = 500,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.sample(), this.periodMs);
  }

  async sample(): Promise<void> {
    if (this.#busy) {
      return;
    }
    this.#busy = true;
    try {
      let sum = 0;
      for (const process of this.processes()) {
        const memory = await process.memory();
        sum += memory.residentBytes;
        this.peakByProcess[process.name] = Math.max(this.peakByProcess[process.name] ?? 0, memory.peakResidentBytes);
      }
      this.peakResidentBytes = Math.max(this.peakResidentBytes, sum);
    } finally {
      this.#busy = false;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.sample();
  }
}

// The machine a run happened on, and how busy it was: other engineers' tests share it, so the load is part of the record.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Environment } from './results.js';

const run = promisify(execFile);



/** LoadWatch samples the 1-minute load average every 5 s while a run lasts. */
export class LoadWatch {
  readonly before = os.loadavg();
  peak = os.loadavg()[0] ?? 0;
  readonly #timer = setInterval(() => (this.peak = Math.max(this.peak, os.loadavg()[0] ?? 0)), 5_000);

  constructor() {
    this.#timer.unref();
  }

  environment(binaries: string, build: string): Environment {
    clearInterval(this.#timer);
    const after = os.loadavg();
    const cpus = os.cpus();
    return {
      date: new Date().toISOString(),
      hostname: os.hostname(),
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryBytes: os.totalmem(),
      node: process.version,
      kubernetesBinaries: path.basename(binaries),
      loadAverageBefore: this.before.map((value) => Math.round(value * 100) / 100),
      loadAverageAfter: after.map((value) => Math.round(value * 100) / 100),
      loadAveragePeak: Math.round(Math.max(this.peak, after[0] ?? 0) * 100) / 100,
      otherProcesses: this.otherProcesses,
      build,
    };
  }

  otherProcesses?: string;

  /** noteOtherProcesses records the busiest processes now (before the lab starts, they are somebody else's). */
  async noteOtherProcesses(): Promise<void> {
    try {
      const { stdout } = await run('ps', ['-eo', 'pcpu,comm', '--sort=-pcpu', '--no-headers']);
      this.otherProcesses = stdout
        .split('\n')
        .slice(0, 6)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join('; ');
    } catch {
      // ps is a courtesy
    }
  }
}

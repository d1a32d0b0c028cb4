// Runs the real controller-manager (dist/daemon/main.js, as the Dockerfile does) against the lab, the way an operator would.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { controllerManagerArguments } from '../../../src/cli/lab/run-command.js';
import { labState, waitFor } from '../../lab/lab-environment.js';
import { nodeRuntimeFlags, runtimeEnvironment } from '../../../src/daemon/config/runtime.js';
import { parseBindAddress } from '../../../src/runtime/observability/http-server.js';

const main = fileURLToPath(new URL('../../../dist/daemon/main.js', import.meta.url));

/** Flags that make the lab's failure tests fast; production defaults are 10s probes, threshold 3, 60s grace. */
export const fastFlags = ['--cluster-probe-period=1s', '--cluster-probe-timeout=1s', '--cluster-failure-threshold=2', '--failover-grace-period=5s', '--log-level=debug'];

export type LogLine = Record<string, unknown> & { msg: string; level: string };

export interface StartOptions {
  flags?: string[];
  env?: Record<string, string>;
  /** kubeconfig and context replace the lab's admin credentials (e.g. the manifests' ServiceAccount). */
  kubeconfig?: string;
  context?: string;
  waitReady?: boolean;
}

/** ControllerManager is one running controller-manager process with its logs, metrics and probes. */
export class ControllerManager {
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  exitCode?: number | null;
  readonly #exited: Promise<number | null>;

  private constructor(readonly process: ChildProcess) {
    let pending = '';
    process.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts.filter((part) => part.trim() !== '')) {
        this.raw.push(line);
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          this.lines.push({ msg: line, level: 'raw' });
        }
      }
    });
    process.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.raw.push(chunk));
    this.#exited = new Promise((resolve) => process.once('exit', (code) => {
      this.exitCode = code;
      resolve(code);
    }));
  }

  static async start(options: StartOptions = {}): Promise<ControllerManager> {
    const state = await labState();
    // The lab's arguments bind the metrics and probe listeners to port 0: the kernel picks, the 'serving'
    // log line says which; no window for another process to take them.
    const args = [
      ...controllerManagerArguments(state).map((flag) => (options.kubeconfig && flag.startsWith('--kubeconfig=') ? `--kubeconfig=${options.kubeconfig}` : flag))
        .map((flag) => (options.context && flag.startsWith('--context=') ? `--context=${options.context}` : flag)),
      ...(options.flags ?? []),
    ];
    const child = spawn(process.execPath, [...nodeRuntimeFlags, main, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...runtimeEnvironment(), ...options.env } });
    const manager = new ControllerManager(child);
    if (options.waitReady ?? true) {
      await waitFor('the controller-manager to be ready and leading', async () => {
        if (manager.exitCode !== undefined) {
          throw new Error(`controller-manager exited with ${manager.exitCode}: ${manager.raw.slice(-5).join('\n')}`);
        }
        return (await manager.probe('/readyz')) === 200 && manager.lines.some((line) => line.msg === 'controllers started') ? true : manager.lines.at(-1)?.msg;
      }, 60_000);
    }
    return manager;
  }

  /** probePort is where /healthz and /readyz are served, once the process has said so. */
  get probePort(): number | undefined {
    return this.#boundPort('probes');
  }

  get metricsPort(): number | undefined {
    return this.#boundPort('metrics');
  }

  #boundPort(server: 'probes' | 'metrics'): number | undefined {
    const address = this.lines.find((line) => line.msg === 'serving')?.[server];
    return typeof address === 'string' ? parseBindAddress(address)?.port : undefined;
  }

  async probe(path: string): Promise<number | undefined> {
    if (this.probePort === undefined) {
      return undefined;
    }
    try {
      const response = await fetch(`http://127.0.0.1:${this.probePort}${path}`);
      await response.text();
      return response.status;
    } catch {
      return undefined;
    }
  }

  async metrics(): Promise<string> {
    if (this.metricsPort === undefined) {
      throw new Error('the controller-manager has not started serving metrics yet');
    }
    const response = await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`);
    return response.text();
  }

  /** sample sums a metric's samples whose labels include all of the given ones. */
  async sample(name: string, labels: Record<string, string> = {}): Promise<number> {
    return sumSamples(await this.metrics(), name, labels);
  }

  /** stop sends a signal and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.exitCode === undefined) {
      this.process.kill(signal);
    }
    return this.#exited;
  }

  exited(): Promise<number | null> {
    return this.#exited;
  }
}

/** sumSamples adds up the samples of a Prometheus text metric that carry the given labels. */
export function sumSamples(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) {
      continue;
    }
    const found = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair): [string, string | undefined] => [pair[1] ?? '', pair[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) {
      total += Number(match[4]);
    }
  }
  return total;
}

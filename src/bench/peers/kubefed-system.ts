// kubefed itself as one system of the comparison: the members joined with `kubefed join`'s code, the
// controller-manager (a private copy of dist/) with its defaults, measured exactly as the peers are.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { controllerManagerArguments, joinLabMembers } from '../../cli/lab/run-command.js';
import { nodeRuntimeFlags, runtimeEnvironment } from '../../daemon/config/runtime.js';
import type { KubeObject } from '../../core/objects.js';
import type { ResourceType } from '../../kube/resources.js';
import { probe } from '../../cli/lab/health.js';
import { freePorts } from '../../cli/lab/ports.js';
import type { BenchLab } from '../bench-lab.js';
import { snapshotBuild } from '../build-snapshot.js';
import { controllerManagerFlags } from '../options.js';
import type { Workload } from '../workload.js';
import { assertLoopback } from './listeners.js';
import { SystemProcess } from './process.js';
import { errorLines, waitFor } from './setup.js';
import type { Manifest, SystemDescription, SystemUnderTest } from './system.js';

export interface KubefedSettings {
  memberConcurrency: number;
  workers: number;
  controllerManagerFlags: string[];
  build?: string;
}

export class KubefedSystem implements SystemUnderTest {
  readonly name = 'kubefed' as const;
  readonly profile = 'defaults' as const;
  readonly federatedType: ResourceType;
  readonly leaderElectionWrites = [];
  #process?: SystemProcess;
  #main?: string;
  #fingerprint = '';
  #command: string[] = [];
  readonly #log: string;

  constructor(
    readonly lab: BenchLab,
    readonly workload: Workload,
    readonly settings: KubefedSettings,
    readonly timeoutMs: number,
    readonly log: (line: string) => void,
  ) {
    this.federatedType = workload.type;
    this.#log = path.join(lab.directory, 'logs', 'kubefed-controller-manager.log');
  }

  federatedObject(namespace: string, index: number): KubeObject {
    return this.workload.object(namespace, index);
  }

  revisionPatch(revision: number): Record<string, unknown> {
    return this.workload.revisionPatch(revision);
  }

  /** kubefed propagates every namespace of the federation; nothing else is needed. */
  namespaceObjects(): Manifest[] {
    return [];
  }

  async start(): Promise<void> {
    await joinLabMembers(this.lab.state, (line) => this.log(`join: ${line}`));
    const build = await snapshotBuild(this.lab.directory, this.settings.build);
    this.#main = build.main;
    this.#fingerprint = build.fingerprint;
    await this.startControllers();
  }

  async startControllers(): Promise<void> {
    const [metrics, probes] = (await freePorts(2)) as [number, number];
    const base = controllerManagerArguments(this.lab.state).filter((flag) => !flag.startsWith('--metrics-bind-address') && !flag.startsWith('--health-probe-bind-address'));
    this.#command = [
      process.execPath,
      ...nodeRuntimeFlags,
      this.#main ?? '',
      ...base,
      `--metrics-bind-address=127.0.0.1:${metrics}`,
      `--health-probe-bind-address=127.0.0.1:${probes}`,
      ...controllerManagerFlags(this.settings, this.workload.controllers),
    ];
    const started = SystemProcess.start({ name: 'kubefed-controller-manager', command: this.#command, log: this.#log, environment: runtimeEnvironment() });
    this.#process = started;
    await waitFor('the kubefed controller-manager ready', this.timeoutMs, [started], async () => (await probe({ url: `http://127.0.0.1:${probes}/readyz` })).status === 200);
    await assertLoopback(started.name, started.pid);
  }

  async stopControllers(): Promise<void> {
    await this.#process?.stop();
    this.#process = undefined;
  }

  processes(): readonly SystemProcess[] {
    return this.#process ? [this.#process] : [];
  }

  describe(): SystemDescription {
    return {
      system: this.name,
      profile: this.profile,
      version: `build ${this.#fingerprint}`,
      components: { 'kubefed-controller-manager': this.#command },
      notes: ['its defaults, as in the kubefed-only benchmark (leader election off)'],
    };
  }

  async errorLines(limit: number, since?: Date): Promise<string[]> {
    return errorLines(await readFile(this.#log, 'utf8').catch(() => ''), limit, since);
  }

  async stop(): Promise<void> {
    await this.#process?.stop();
  }
}

// Starting one planned component and waiting for it, with failures reported as one line naming it and its log.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitedError, waitUntil } from './health.js';
import type { ComponentPlan } from './plan.js';
import { portIsFree } from './ports.js';
import { startDetached, type Started } from './processes.js';
import type { ComponentState } from './state.js';
import { errorMessage } from '../../kube/errors.js';

/** An error whose message is complete on its own: the CLI prints it as is. */
export class LabError extends Error {}

export function componentTitle(plan: Pick<ComponentPlan, 'cluster' | 'component'>): string {
  return plan.cluster === undefined ? plan.component : `${plan.component} of ${plan.cluster}`;
}

/** The most telling line the component logged since its last start, to put the cause into the one-line error. */
export async function logHint(log: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(log, 'utf8');
  } catch {
    return '';
  }
  const lines = text.split('\n');
  const marker = lines.findLastIndex((line) => line.startsWith('--- kubefed lab:'));
  const recent = lines.slice(marker + 1).map((line) => line.trim()).filter((line) => line !== '');
  // klog marks errors and fatal errors with E and F; etcd logs JSON with "level":"fatal" or "error".
  const telling = recent.findLast((line) => /^[EF]\d{4} |"level":"(fatal|error|panic)"|error|fatal|failed/i.test(line)) ?? recent.at(-1);
  return telling === undefined ? '' : `: ${telling.length > 300 ? `${telling.slice(0, 300)}…` : telling}`;
}

/** failure turns an error of waitUntil (or of starting) into a LabError naming the component and its log. */
export async function failure(plan: ComponentPlan, error: unknown, signal?: AbortSignal): Promise<unknown> {
  if (error instanceof LabError || (signal?.aborted === true && error === signal.reason)) {
    return error;
  }
  const title = componentTitle(plan);
  if (error instanceof ExitedError) {
    return new LabError(`${title} ${error.message} while starting; see ${plan.log}${await logHint(plan.log)}`);
  }
  return new LabError(`${title}: ${errorMessage(error)}; see ${plan.log}`);
}

/**
 * launch checks the component's ports, starts it and records it (through `record`, before waiting, so a lab that fails
 * later still knows what to stop).
 */
export async function launch(
  plan: ComponentPlan,
  record: (component: ComponentState) => Promise<void>,
  signal?: AbortSignal,
): Promise<Started> {
  signal?.throwIfAborted();
  for (const [name, port] of Object.entries(plan.ports)) {
    if (!(await portIsFree(port))) {
      throw new LabError(`${componentTitle(plan)} cannot start: its ${name} port 127.0.0.1:${port} is in use; see ${plan.log}`);
    }
  }
  signal?.throwIfAborted();
  let started: Started;
  try {
    started = await startDetached(plan.command, plan.log, path.dirname(plan.log));
  } catch (error) {
    throw await failure(plan, error);
  }
  await record({ component: plan.component, pid: started.pid, ports: plan.ports, command: plan.command, log: plan.log });
  return started;
}

export interface Readiness {
  readonly description: string;
  readonly check: () => Promise<boolean | string>;
  readonly timeoutMilliseconds: number;
}

export async function awaitReady(plan: ComponentPlan, started: Started, readiness: Readiness, signal?: AbortSignal): Promise<void> {
  try {
    await waitUntil(readiness.description, readiness.check, { timeoutMilliseconds: readiness.timeoutMilliseconds, exited: started.exited, signal });
  } catch (error) {
    throw await failure(plan, error, signal);
  }
}

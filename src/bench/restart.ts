// Phase 4: the controller-manager restarted with everything in sync. It must become ready quickly and write nothing,
// to members or to the federation API server (it runs without leader election, so no Lease renewals either).
import { setTimeout as sleep } from 'node:timers/promises';
import { type PhaseContext, round } from './context.js';
import type { ControllerManagerProcess } from './controller-manager.js';
import { quietWindowMs } from './propagation.js';
import type { RestartResult } from './results.js';
import { counterDelta, writeCounts } from './writes.js';

/** After going idle, writes are still counted this long: a delayed requeue that writes would show up. */
export const holdAfterQuietMs = 10_000;

export async function measureRestart(
  context: PhaseContext,
  previous: ControllerManagerProcess,
  start: () => ControllerManagerProcess,
): Promise<{ result: RestartResult; cm: ControllerManagerProcess }> {
  const { lab, timeoutMs, log } = context;
  await previous.stop();
  log('restart: controller-manager stopped, starting a new one');
  const cm = start();
  const readyMs = await cm.waitReady(timeoutMs);
  const quietSince = await cm.waitQuiet(quietWindowMs, timeoutMs);
  const settledMs = quietSince - cm.startedAt;
  await sleep(Math.max(0, quietSince + holdAfterQuietMs - performance.now()));
  const after = await cm.metrics();
  const result: RestartResult = {
    readyMs: round(readyMs),
    settledMs: round(settledMs),
    observedMs: round(performance.now() - cm.startedAt),
    writes: writeCounts(lab, [], after),
    reconciles: counterDelta([], after, 'controller_runtime_reconcile_total'),
    cpuSeconds: round(await cm.cpuSeconds(), 2),
  };
  log(
    `restart: ready after ${result.readyMs} ms, idle after ${result.settledMs} ms, ${result.reconciles} reconciles, ` +
      `${result.writes.members} writes to members and ${result.writes.federation} to the federation`,
  );
  return { result, cm };
}

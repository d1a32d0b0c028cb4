import { errorMessage } from '../kube/errors.js';
import type { Clock } from './clock.js';
import type { Runnable } from './runnable.js';

/** StopLog is what the lifecycle logs through: warnings about parts that failed or were slow to stop. */
export interface StopLog {
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface LifecycleOptions {
  clock: Clock;
  /** stopTimeoutMs is how long one stage may take to stop before the next one is stopped regardless. */
  stopTimeoutMs: number;
  logger: StopLog;
}

/**
 * Lifecycle starts Runnables stage after stage and stops the stages in reverse order, the parts of
 * one stage together: what was started last (the controllers) stops first, what was started first
 * (the HTTP endpoints) stops last. A stage is remembered before it starts, so a part whose start
 * failed or was aborted is stopped too.
 */
export class Lifecycle {
  readonly #options: LifecycleOptions;
  readonly #stages: Runnable[][] = [];

  constructor(options: LifecycleOptions) {
    this.#options = options;
  }

  /** start starts one stage and resolves once every part of it has started. */
  async start(signal: AbortSignal, ...stage: Runnable[]): Promise<void> {
    this.#stages.push(stage);
    await Promise.all(
      stage.map(async (runnable) => {
        await runnable.start(signal);
      }),
    );
  }

  /** names lists the parts started so far, in start order. */
  names(): string[] {
    return this.#stages.flat().map((runnable) => runnable.name);
  }

  /** stop stops every stage started, the last first; it never rejects. */
  async stop(): Promise<void> {
    for (const stage of this.#stages.splice(0).reverse()) {
      await this.#stopStage(stage);
    }
  }

  async #stopStage(stage: Runnable[]): Promise<void> {
    const { clock, stopTimeoutMs, logger } = this.#options;
    const pending = new Set(stage.map((runnable) => runnable.name));
    const stopped = Promise.all(
      stage.map(async (runnable) => {
        // A part that fails to stop must not keep the parts below it running.
        await runnable.stop().catch((error: unknown) => logger.warn('stop failed', { part: runnable.name, error: errorMessage(error) }));
        pending.delete(runnable.name);
      }),
    );
    let timer: unknown;
    const timeout = new Promise<void>((resolve) => {
      timer = clock.setTimeout(resolve, stopTimeoutMs);
    });
    await Promise.race([stopped, timeout]);
    clock.clearTimeout(timer);
    if (pending.size > 0) {
      logger.warn('shutdown timeout reached with parts still stopping', { parts: [...pending], timeoutMs: stopTimeoutMs });
    }
  }
}

import { errorMessage } from '../../kube/errors.js';
import type { Logger } from './logger.js';

/** The exit code of a process ended by an error nothing handled. */
export const unexpectedErrorExitCode = 70;

/** ProcessLike is the part of `process` the handler uses, so a test can stand in for it. */
export interface ProcessLike {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  exit(code: number): void;
}

/**
 * installLastResort makes an error that nothing handled end the process at once, after one structured
 * log line (through the logger, so redacted), instead of Node's bare stack trace on stderr or a
 * process left running with a half-dead part. Kubernetes restarts it; the standby takes over meanwhile.
 * flush runs the exit once the log line is out.
 */
export function installLastResort(logger: Logger, target: ProcessLike, flush: (done: () => void) => void): void {
  let ending = false;
  const handle = (origin: string) => (error: unknown) => {
    if (ending) {
      return;
    }
    ending = true;
    try {
      logger.error('unexpected error, exiting', { origin, error: errorMessage(error), stack: error instanceof Error ? error.stack : undefined });
    } finally {
      flush(() => target.exit(unexpectedErrorExitCode));
    }
  };
  target.on('uncaughtException', handle('uncaughtException'));
  target.on('unhandledRejection', handle('unhandledRejection'));
}

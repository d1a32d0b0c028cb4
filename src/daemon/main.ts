import { CommanderError } from 'commander';
import { parseConfig } from './config/flags.js';
import { errorMessage } from '../kube/errors.js';
import { LeadershipLost, Manager } from './manager.js';
import { installLastResort } from '../runtime/observability/last-resort.js';
import { createLogger } from '../runtime/observability/logger.js';
import { LineBatch } from '../runtime/observability/line-batch.js';
import { Redactor } from '../runtime/observability/redactor.js';

// The kubefed controller-manager: flags (and KUBEFED_* environment variables) → Manager, until SIGTERM.
async function main(): Promise<number> {
  let config;
  try {
    config = parseConfig(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) {
        return 0;
      }
      // A bad flag or environment variable is a usage error (exit 2), whichever way commander reports it.
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`error: ${errorMessage(error)}\n`);
    return 2;
  }
  const redactor = new Redactor();
  const logger = createLogger(config.logLevel, output, redactor);
  installLastResort(logger, process, flushThen);
  const abort = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info('shutting down', { signal });
      abort.abort();
    });
  }
  try {
    await new Manager({ config, logger, redactor }).run(abort.signal);
    return 0;
  } catch (error) {
    logger.error(error instanceof LeadershipLost ? 'leader election lost, exiting' : 'controller-manager failed', {
      error: errorMessage(error),
    });
    return 1;
  }
}

/** output batches log lines, one write to stdout per turn of the event loop. */
const output = new LineBatch(process.stdout);
process.once('exit', () => output.flush());

/** flushThen runs done once stdout has taken the last log lines, or after 2s if it cannot (a closed pipe). */
function flushThen(done: () => void): void {
  output.flush();
  process.stdout.write('', done);
  setTimeout(done, 2_000);
}

const code = await main();
flushThen(() => process.exit(code));

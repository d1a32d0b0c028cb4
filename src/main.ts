import { CommanderError } from 'commander';
import { parseConfig } from './config/flags.js';
import { errorMessage } from './kube/errors.js';
import { LeadershipLost, Manager } from './manager.js';
import { createLogger } from './observability/logger.js';

// The kubefed controller-manager: flags (and KUBEFED_* environment variables) → Manager, until SIGTERM.
async function main(): Promise<number> {
  let config;
  try {
    config = parseConfig(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode !== 0) {
        process.stderr.write(`${error.message}\n`);
      }
      return error.exitCode;
    }
    process.stderr.write(`error: ${errorMessage(error)}\n`);
    return 2;
  }
  const logger = createLogger(config.logLevel);
  const abort = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info('shutting down', { signal });
      abort.abort();
    });
  }
  try {
    await new Manager({ config, logger }).run(abort.signal);
    return 0;
  } catch (error) {
    logger.error(error instanceof LeadershipLost ? 'leader election lost, exiting' : 'controller-manager failed', {
      error: errorMessage(error),
    });
    return 1;
  }
}

const code = await main();
// Flush the logger's stream before exiting so the last lines are not lost.
process.stdout.write('', () => process.exit(code));

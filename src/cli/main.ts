import { Command, CommanderError } from 'commander';
import { joinCommand, unjoinCommand } from './join.js';
import { labCommand } from './lab.js';

/** program builds the kubefed command tree; each subcommand lives in its own file. */
export function program(): Command {
  const root = new Command('kubefed')
    .description('Federate Kubernetes clusters: one API server, many member clusters')
    .showHelpAfterError()
    .exitOverride();
  root.addCommand(labCommand());
  root.addCommand(joinCommand());
  root.addCommand(unjoinCommand());
  return root;
}

/** run parses argv, runs the command and returns the process exit code. */
export async function run(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

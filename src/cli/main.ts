import { Command, CommanderError } from 'commander';
import { completionCommand } from './completion.js';
import { convertCommand } from './convert/command.js';
import { disableCommand, enableCommand } from './enable/command.js';
import { addExamples } from './examples.js';
import { initCommand } from './init/command.js';
import { joinCommand, unjoinCommand } from './join/command.js';
import { labCommand } from './lab/command.js';
import { planCommand } from './plan/command.js';
import { rolloutCommand } from './rollout/command.js';
import { getCommand, statusCommand } from './status/command.js';

/**
 * program builds the kubefed command tree; each subcommand lives in its own file. `name` is how the
 * user typed it: `kubefed`, or `kubectl kubefed` when kubectl runs it as a plugin (help and
 * examples say so).
 */
export function program(name = 'kubefed'): Command {
  const root = new Command(name)
    .description('Federate Kubernetes clusters: one API server, many member clusters')
    .showHelpAfterError()
    .exitOverride();
  root.addCommand(labCommand());
  root.addCommand(joinCommand());
  root.addCommand(unjoinCommand());
  root.addCommand(initCommand());
  root.addCommand(statusCommand());
  root.addCommand(getCommand());
  root.addCommand(rolloutCommand());
  root.addCommand(convertCommand());
  root.addCommand(planCommand());
  root.addCommand(enableCommand());
  root.addCommand(disableCommand());
  root.addCommand(completionCommand());
  addExamples(root);
  // addCommand does not pass settings down: every subcommand must throw instead of exiting, so run() returns the code.
  const throwEverywhere = (command: Command): void => {
    command.exitOverride().showHelpAfterError();
    command.commands.forEach(throwEverywhere);
  };
  throwEverywhere(root);
  return root;
}

/** run parses argv, runs the command and returns the process exit code. */
export async function run(argv: string[], name = 'kubefed'): Promise<number> {
  try {
    await program(name).parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander's own errors are usage errors (help and version exit 0); kubefed's carry their code.
      return error.code.startsWith('commander.') && error.exitCode !== 0 ? 2 : error.exitCode;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

import { Argument, Command } from 'commander';
import { bashCompletion } from './completion/bash.js';
import { fishCompletion } from './completion/fish.js';
import { completionTree } from './completion/tree.js';
import { zshCompletion } from './completion/zsh.js';

const shells = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion } as const;
type Shell = keyof typeof shells;

/**
 * rootOf is the program a command belongs to, whose whole tree the script completes. The script
 * completes the `kubefed` executable even when it is printed by `kubectl kubefed` (kubectl completes
 * its plugins itself).
 */
function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) {
    root = root.parent;
  }
  return root;
}

/** completionCommand is `kubefed completion bash|zsh|fish`: a completion script generated from the program itself. */
export function completionCommand(): Command {
  return new Command('completion')
    .description('print a shell completion script (bash, zsh or fish) for every command and flag')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(Object.keys(shells)))
    .action((shell: Shell, _options: unknown, command: Command) => {
      const program = rootOf(command);
      process.stdout.write(shells[shell]('kubefed', completionTree(program)));
    });
}

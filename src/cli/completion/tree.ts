import type { Command } from 'commander';

/** CompletionOption is one flag of a command as the shells complete it. */
export interface CompletionOption {
  /** short and long spellings, e.g. ['-o', '--output']. */
  names: string[];
  description: string;
  /** takesValue: the next word is this flag's value, not a subcommand or argument. */
  takesValue: boolean;
  /** choices: the values the flag accepts, when commander knows them. */
  choices: string[];
  /** contexts: the value is a kubeconfig context (completed from `kubectl config get-contexts`). */
  contexts: boolean;
}

/** CompletionNode is one command path ('' for the program itself) with what may follow it. */
export interface CompletionNode {
  path: string;
  /** subcommands by every name they answer to (aliases too), with the path of the command they name. */
  subcommands: { name: string; description: string; path: string }[];
  options: CompletionOption[];
  /** argumentChoices: the values the command's arguments accept, when commander knows them (completion bash|zsh|fish). */
  argumentChoices: string[];
}

const childPath = (parent: string, name: string): string => (parent === '' ? name : `${parent} ${name}`);

const helpOption: CompletionOption = { names: ['-h', '--help'], description: 'show help', takesValue: false, choices: [], contexts: false };

/**
 * completionTree walks a commander program into one node per command path, so every shell's script
 * is generated from the same program that parses the command line and cannot drift from it.
 */
export function completionTree(program: Command): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: string): void => {
    const visible = command.commands.filter((child) => !(child as Command & { _hidden?: boolean })._hidden);
    nodes.push({
      path,
      subcommands: visible.flatMap((child) =>
        [child.name(), ...child.aliases()].map((name) => ({ name, description: child.description(), path: childPath(path, child.name()) })),
      ),
      options: [
        ...command.options
          .filter((option) => !option.hidden)
          .map((option) => ({
            names: [option.short, option.long].filter((name): name is string => name !== undefined),
            description: option.description,
            takesValue: option.required || option.optional,
            choices: option.argChoices ?? [],
            contexts: /context$/.test(option.long ?? ''),
          })),
        helpOption,
      ],
      argumentChoices: command.registeredArguments.flatMap((argument) => argument.argChoices ?? []),
    });
    visible.forEach((child) => visit(child, childPath(path, child.name())));
  };
  visit(program, '');
  return nodes;
}

/** singleQuoted quotes text for a single-quoted shell word (bash, zsh and fish alike). */
export function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** identifier turns a program name into a function-name fragment: "kubefed" → "kubefed". */
export function identifier(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_');
}

// Every command's --help ends with examples, written for the name the CLI was run as: `kubefed`, or
// `kubectl kubefed` when kubectl runs it as a plugin.
import { describe, expect, it } from '@jest/globals';
import type { Command } from 'commander';
import { complete } from '../../../src/cli/completion/complete.js';
import { completionTree } from '../../../src/cli/completion/tree.js';
import { examples } from '../../../src/cli/examples.js';
import { program } from '../../../src/cli/main.js';

/** commands lists every command of the tree with its path ('' for the program). */
function commands(root: Command): [string, Command][] {
  const found: [string, Command][] = [];
  const visit = (command: Command, path: string): void => {
    found.push([path, command]);
    command.commands.forEach((child) => visit(child, path === '' ? child.name() : `${path} ${child.name()}`));
  };
  visit(root, '');
  return found;
}

/** helpOf renders a command's whole --help, the text added after the options included. */
function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk) });
  command.outputHelp();
  return text;
}

describe('--help', () => {
  const tree = commands(program());

  it.each(tree.map(([path, command]) => [path === '' ? 'kubefed' : path, command] as const))('of %s has an Examples section with runnable commands', (path, command) => {
    const help = helpOf(command);
    const section = help.slice(help.indexOf('\nExamples:\n'));
    expect(help).toContain('\nExamples:\n');
    const lines = section.split('\n').slice(2).filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    // Comment and command alternate; each command is this program's, mostly this very command.
    lines.forEach((line, index) => expect(line).toMatch(index % 2 === 0 ? /^ {2}# \S/ : /^ {2}(source <\()?kubefed( |$)/));
    const invocations = lines.filter((_line, index) => index % 2 === 1).map((line) => line.trim());
    if (path !== 'kubefed' && command.commands.length === 0) {
      expect(invocations.some((line) => line.includes(`kubefed ${path}`))).toBe(true);
    }
  });

  it('uses, in every example, only flags and subcommands the command has', () => {
    const nodes = completionTree(program());
    for (const [path, entries] of Object.entries(examples)) {
      for (const [, line] of entries) {
        // The words kubefed parses: up to a shell operator, before `--` (words after it go elsewhere).
        const words = line.replace(/^source <\(PROGRAM /, '').replace(/^PROGRAM /, '').split(/ [|>)].*$/)[0]?.split(' ') ?? [];
        const parsed = words.slice(0, words.includes('--') ? words.indexOf('--') : words.length);
        for (const [index, word] of parsed.entries()) {
          const flag = word.split('=')[0] as string;
          if (flag.startsWith('-')) {
            // complete() offers, for a word being typed, exactly the flags of the command path before it.
            const offered = complete(nodes, [...parsed.slice(0, index), flag]).candidates.map((candidate) => candidate.split('\t')[0]);
            expect({ example: line, flag, known: offered.includes(flag) }).toEqual({ example: line, flag, known: true });
          }
        }
        const commandPath = parsed.filter((word) => /^[a-z]+$/.test(word)).slice(0, path === '' ? 0 : path.split(' ').length).join(' ');
        expect({ example: line, path: commandPath }).toEqual({ example: line, path: path === '' ? '' : path });
      }
    }
  });

  it('has no examples for a command that does not exist', () => {
    const paths = new Set(tree.map(([path]) => path));
    expect(Object.keys(examples).filter((path) => !paths.has(path))).toEqual([]);
  });

  it('names the program as kubectl runs it when it runs as a kubectl plugin', () => {
    const status = commands(program('kubectl kubefed')).find(([path]) => path === 'status')?.[1] as Command;
    const help = helpOf(status);
    expect(help).toMatch(/^Usage: kubectl kubefed status /);
    expect(help).toContain('\n  kubectl kubefed status --context master-control -o yaml\n');
    expect(help).not.toMatch(/^ {2}kubefed /m);
  });
});

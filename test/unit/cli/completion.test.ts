// Shell completion is generated from the commander program: every command path, subcommand and
// flag appears, and bash (run for real) completes what the program accepts.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { bashCompletion } from '../../../src/cli/completion/bash.js';
import { complete } from '../../../src/cli/completion/complete.js';
import { fishCompletion } from '../../../src/cli/completion/fish.js';
import { completionTree } from '../../../src/cli/completion/tree.js';
import { zshCompletion } from '../../../src/cli/completion/zsh.js';
import { program } from '../../../src/cli/main.js';

const tree = completionTree(program());
const script = bashCompletion('kubefed', tree);

/** completeInBash runs the bash script as bash runs it for TAB after `words` (the last word is the one completed). */
function completeInBash(...words: string[]): string[] {
  const output = execFileSync('bash', ['-c', `${script}\nCOMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kubefed; printf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', ...words], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return output.split('\n').filter((line) => line !== '');
}

describe('completionTree', () => {
  it('has a node for every command, with its subcommands (aliases too) and flags', () => {
    const node = (path: string) => tree.find((candidate) => candidate.path === path);
    expect(node('')?.subcommands.map((sub) => sub.name)).toEqual(expect.arrayContaining(['lab', 'join', 'unjoin', 'init', 'status', 'get', 'rollout', 'convert', 'plan', 'enable', 'disable', 'completion']));
    expect(node('get')?.subcommands).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'cluster', path: 'get clusters' })]));
    expect(node('lab up')?.options.find((option) => option.names.includes('--members'))).toMatchObject({ takesValue: true, contexts: false });
    expect(node('join')?.options.find((option) => option.names.includes('--host-cluster-context'))).toMatchObject({ takesValue: true, contexts: true });
    expect(node('status')?.options.find((option) => option.names.includes('--output'))).toMatchObject({ names: ['-o', '--output'], choices: ['table', 'json', 'yaml'] });
    expect(node('completion')?.argumentChoices).toEqual(['bash', 'zsh', 'fish']);
  });
});

describe('bash', () => {
  it.each([
    [['kubefed', ''], ['lab', 'join', 'unjoin', 'init', 'status', 'get', 'rollout', 'convert', 'plan', 'enable', 'disable', 'completion']],
    [['kubefed', 'la'], ['lab']],
    [['kubefed', 'lab', ''], ['up', 'down', 'status', 'stop', 'start', 'partition', 'slow', 'heal', 'run']],
    [['kubefed', 'lab', 'up', '--w'], ['--workloads']],
    [['kubefed', 'status', '-o', ''], ['table', 'json', 'yaml']],
    [['kubefed', 'get', 'cluster', '--o'], ['--output']],
    [['kubefed', 'completion', ''], ['bash', 'zsh', 'fish']],
    // A flag's value is not taken for a subcommand: "status" here is the value of --dir.
    [['kubefed', 'lab', '--help', 'up', '--dir', 'status', '--no'], ['--nodes']],
    [['kubefed', 'plan', '-f', 'x.yaml', '--cl'], ['--clusters']],
  ])('completes %j to %j', (words, expected) => {
    expect(completeInBash(...words)).toEqual(expected);
  });

  it('offers every flag of every command', () => {
    for (const node of tree) {
      const words = ['kubefed', ...node.path.split(' ').filter((word) => word !== ''), '-'];
      expect(completeInBash(...words).sort()).toEqual(node.options.flatMap((option) => option.names).sort());
    }
  });
});

describe('zsh and fish', () => {
  const zsh = zshCompletion('kubefed', tree);
  const fish = fishCompletion('kubefed', tree);

  it('carry every command path, subcommand and flag', () => {
    for (const node of tree) {
      for (const sub of node.subcommands) {
        expect(zsh).toContain(`'${node.path}|${sub.name}') echo '${sub.path}' ;;`);
        expect(fish).toContain(`complete -c kubefed -n '__kubefed_path_is '\\''${node.path}'\\''' -f -a '${sub.name}'`);
      }
      for (const option of node.options) {
        for (const name of option.names) {
          expect(zsh).toContain(`'${name}:`);
          expect(fish).toContain(name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`);
        }
      }
    }
  });

  it('register themselves for kubefed', () => {
    expect(zsh.startsWith('#compdef kubefed\n')).toBe(true);
    expect(zsh).toContain('compdef _kubefed kubefed');
    expect(fish).toContain('complete -c kubefed -e\n');
  });
});

describe('complete (what kubectl asks kubectl_complete-kubefed)', () => {
  it.each([
    [[''], { files: false, contexts: false, names: ['lab', 'join', 'unjoin', 'init', 'status', 'get', 'rollout', 'convert', 'plan', 'enable', 'disable', 'completion'] }],
    [['st'], { files: false, contexts: false, names: ['status'] }],
    [['get', 'cluster', '-o', 'j'], { files: false, contexts: false, names: ['json'] }],
    [['status', '--context', ''], { files: false, contexts: true, names: [] }],
    [['plan', '-f', ''], { files: true, contexts: false, names: [] }],
    [['plan', '-f', 'x.yaml', '--cur'], { files: false, contexts: false, names: ['--current'] }],
    [['lab', 'up', '--dir', 'status', '--no'], { files: false, contexts: false, names: ['--nodes'] }],
    [['completion', ''], { files: false, contexts: false, names: ['bash', 'zsh', 'fish'] }],
    [['convert', ''], { files: true, contexts: false, names: [] }],
  ])('after %j offers %j', (words, expected) => {
    const answer = complete(tree, words);
    expect({ files: answer.files, contexts: answer.contexts, names: answer.candidates.map((candidate) => candidate.split('\t')[0]) }).toEqual(expected);
  });

  it('describes flags and subcommands after a tab, as cobra does', () => {
    expect(complete(tree, ['status', '--exit'])).toMatchObject({ candidates: [expect.stringMatching(/^--exit-code\texit 3 when/)] });
    expect(complete(tree, ['pl']).candidates).toEqual([expect.stringMatching(/^plan\tpreview where objects would be placed/)]);
  });
});

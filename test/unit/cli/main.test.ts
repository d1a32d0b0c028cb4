// Exit codes of the command tree: usage errors are 2 at every depth, help is 0, failures are 1.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { program, run } from '../../../src/cli/main.js';

const argv = (...args: string[]) => ['node', 'kubefed', ...args];

describe('run', () => {
  let stderr: string[];
  beforeEach(() => {
    stderr = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each([
    [['status', '--bogus']],
    [['get', 'clusters', '--bogus']],
    [['rollout', 'status']],
    [['init', 'fed']],
    [['plan']],
    [['convert', '-o', 'table', '-f', 'x.yaml']],
    [['rollout', 'status', 'deployment/web', '--timeout', 'soon']],
    [['nonsense']],
  ])('returns 2 for a usage error: %j', async (args) => {
    expect(await run(argv(...args))).toBe(2);
  });

  it('returns 0 for help at any depth', async () => {
    expect(await run(argv('rollout', 'status', '--help'))).toBe(0);
  });

  it('returns 1 with one clear message when the command fails', async () => {
    expect(await run(argv('convert', '-f', '/nonexistent/seed.yaml'))).toBe(1);
    // Node's one-time warning about jest's VM modules lands in whichever test first loads a module lazily.
    const ours = stderr.filter((chunk) => !/ExperimentalWarning|--trace-warnings/.test(chunk));
    expect(ours.join('')).toBe('error: /nonexistent/seed.yaml: no such file\n');
  });

  it('makes every subcommand throw instead of exiting the process', () => {
    const unset = (command: ReturnType<typeof program>): string[] => [
      ...((command as unknown as { _exitCallback?: unknown })._exitCallback ? [] : [command.name()]),
      ...command.commands.flatMap(unset),
    ];
    expect(unset(program())).toEqual([]);
  });
});

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SystemProcess } from '../../../../src/bench/peers/process.js';

/** The pids of a process group, from /proc. */
async function groupMembers(group: number): Promise<number[]> {
  const members: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Field 5 (pgrp) comes third after the command; zombies are gone for our purpose.
    if (fields[2] === String(group) && fields[0] !== 'Z') {
      members.push(Number(entry));
    }
  }
  return members;
}

describe('SystemProcess', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'system-process-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('runs in a process group of its own and stops every process of it, children included', async () => {
    // Two children in the shell's group: stopping the shell alone would leave them running.
    const process = SystemProcess.start({ name: 'shell', command: ['sh', '-c', 'sleep 300 & sleep 300 & echo started; wait'], log: path.join(directory, 'shell.log') });
    const deadline = Date.now() + 10_000;
    while ((await groupMembers(process.pid)).length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await groupMembers(process.pid)).length).toBeGreaterThanOrEqual(3);
    await process.stop();
    expect(process.running).toBe(false);
    expect(await groupMembers(process.pid)).toEqual([]);
    expect(await readFile(path.join(directory, 'shell.log'), 'utf8')).toContain('started');
  });

  it('fails a guarded wait at once when the process exits', async () => {
    const process = SystemProcess.start({ name: 'short', command: ['sh', '-c', 'exit 3'], log: path.join(directory, 'short.log') });
    await expect(process.guard(new Promise(() => undefined))).rejects.toThrow(/short \(pid \d+\) exited with code 3/);
    await process.stop();
  });
});

// Process supervision: detached components that outlive the CLI, recognised later by their exact command line.
import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import type { ComponentState } from './state.js';
import { errorCode } from '../../kube/errors.js';

export interface Started {
  readonly pid: number;
  /** Settles with a description when the process exits; a component waiting to become healthy races against it. */
  readonly exited: Promise<string>;
}

/**
 * startDetached runs `command` in its own process group with stdout and stderr appended to `log`, so it survives the
 * CLI (and a Ctrl-C aimed at it). The lab stops it by pid later.
 */
export async function startDetached(command: readonly string[], log: string, directory: string): Promise<Started> {
  const [binary, ...parameters] = command;
  if (binary === undefined) {
    throw new Error('empty command');
  }
  const output = await open(log, 'a');
  try {
    await output.write(`--- kubefed lab: ${new Date().toISOString()} starting ${command.join(' ')}\n`);
    const child = spawn(binary, parameters, { detached: true, stdio: ['ignore', output.fd, output.fd], cwd: directory });
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal === null ? `exited with code ${code}` : `was killed by ${signal}`));
      child.once('error', (error) => resolve(`could not start: ${error.message}`));
    });
    const pid = child.pid;
    if (pid === undefined) {
      throw new Error(`could not start ${binary}: ${await exited}`);
    }
    // The CLI must be able to exit while the component runs on.
    child.unref();
    return { pid, exited };
  } finally {
    await output.close();
  }
}

/** The argument vector of a live process, or undefined when it is gone (a zombie's is empty, so it counts as gone). */
async function commandLine(pid: number): Promise<string[] | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return text === '' ? undefined : text.replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}

/** isRunning is true only if the recorded pid still runs the recorded command: a reused pid is not ours. */
export async function isRunning(component: Pick<ComponentState, 'pid' | 'command'>): Promise<boolean> {
  const actual = await commandLine(component.pid);
  return actual !== undefined && actual.length === component.command.length && actual.every((part, index) => part === component.command[index]);
}

/** Resident memory in bytes, or undefined when the process is gone. */
export async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

const pollMilliseconds = 100;
const graceMilliseconds = 10_000;

async function waitGone(component: ComponentState, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (!(await isRunning(component))) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMilliseconds));
  }
  return !(await isRunning(component));
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // ESRCH: it ended between the check and the signal, which is what we wanted.
    if (errorCode(error) !== 'ESRCH') {
      throw error;
    }
  }
}

/** stop sends SIGTERM, then SIGKILL after 10 s; a process that no longer runs the recorded command is left alone. */
export async function stop(component: ComponentState): Promise<void> {
  if (!(await isRunning(component))) {
    return;
  }
  signal(component.pid, 'SIGTERM');
  if (await waitGone(component, Date.now() + graceMilliseconds)) {
    return;
  }
  if (await isRunning(component)) {
    signal(component.pid, 'SIGKILL');
  }
  await waitGone(component, Date.now() + graceMilliseconds);
}

// Helpers for tests that run against the lab started by global-setup.ts (or an existing one named by KUBEFED_LAB_DIR).
import { spawn } from 'node:child_process';
import { KubeConfig } from '@kubernetes/client-node';
import { labPaths, readLabState, type LabState } from '../../src/cli/lab/index.js';

export function labDirectory(): string {
  const directory = process.env.KUBEFED_LAB_DIR;
  if (directory === undefined || directory === '') {
    throw new Error('KUBEFED_LAB_DIR is not set: run these tests through the e2e jest project, whose global setup starts a lab');
  }
  return directory;
}

export function labKubeconfig(): string {
  return labPaths(labDirectory()).kubeconfig;
}

export async function labState(): Promise<LabState> {
  const state = await readLabState(labDirectory());
  if (state === undefined) {
    throw new Error(`no lab state in ${labDirectory()}`);
  }
  return state;
}

/** A client-node configuration for one lab cluster; a fresh instance per call, since client-node binds clients to the current context. */
export function labKubeConfig(context: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(labKubeconfig());
  config.setCurrentContext(context);
  return config;
}

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** runProcess runs a command to its end, feeding it `input`, and collects its output and exit code. */
export function runProcess(command: string, args: readonly string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** kubectl runs /usr/bin/kubectl (or $KUBECTL) against one context of the lab's kubeconfig. */
export function kubectl(context: string, args: readonly string[], options: { input?: string } = {}): Promise<CommandResult> {
  return runProcess(process.env.KUBECTL ?? 'kubectl', [`--kubeconfig=${labKubeconfig()}`, `--context=${context}`, ...args], options);
}

function show(value: unknown): string {
  if (value instanceof Error) {
    return value.message;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** attempt evaluates the predicate once; what it throws is an observation like any other. */
async function attempt(predicate: () => unknown): Promise<unknown> {
  try {
    return await predicate();
  } catch (error) {
    return error;
  }
}

/**
 * waitFor polls `predicate` until it returns true. Anything else it returns (or throws) is the observation reported
 * when `timeoutMs` runs out, so a failing test says what it saw instead of merely that it timed out.
 */
export async function waitFor(description: string, predicate: () => unknown, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await attempt(predicate);
    if (outcome === true) {
      return;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}; last observed: ${show(outcome)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

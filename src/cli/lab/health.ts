// Waiting for components to become healthy, while watching that they do not die instead.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { errorMessage } from '../../kube/errors.js';

export interface Probe {
  readonly url: string;
  /** PEM CA for https; when absent the certificate is not checked (see `insecure`). */
  readonly certificateAuthority?: string;
  /**
   * kube-controller-manager and kube-scheduler serve /healthz with an in-memory self-signed certificate nobody can
   * verify; the probe sends no credentials and only reads liveness, so skipping verification is harmless there.
   */
  readonly insecure?: boolean;
}

export interface ProbeResult {
  readonly status: number;
  readonly body: string;
}

export function probe(target: Probe, timeoutMilliseconds = 2000): Promise<ProbeResult> {
  const url = new URL(target.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'GET',
        timeout: timeoutMilliseconds,
        ...(url.protocol === 'https:' ? { ca: target.certificateAuthority, rejectUnauthorized: target.insecure !== true } : {}),
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer from ${target.url} within ${timeoutMilliseconds} ms`)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

export interface WaitOptions {
  readonly timeoutMilliseconds: number;
  /** Settles when the component being waited for has exited (see processes.ts). */
  readonly exited?: Promise<string>;
  /** Aborted when another part of the lab failed, so that nobody waits for nothing. */
  readonly signal?: AbortSignal;
  readonly intervalMilliseconds?: number;
}

/** Thrown when the awaited component exits; the lab turns it into a message naming the component and its log. */
export class ExitedError extends Error {}

/**
 * waitUntil polls `check` until it returns true. It throws with the last observation after the timeout, an
 * ExitedError when the component exits, and the abort reason when the signal fires.
 */
export async function waitUntil(description: string, check: () => Promise<boolean | string>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMilliseconds;
  let exitReason: string | undefined;
  void options.exited?.then((reason) => (exitReason = reason));
  for (;;) {
    if (exitReason !== undefined) {
      throw new ExitedError(exitReason);
    }
    options.signal?.throwIfAborted();
    const outcome = await attempt(check);
    if (outcome === true) {
      return;
    }
    if (Date.now() >= deadline) {
      // The component may have died during the last check; that explains more than a timeout.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (exitReason !== undefined) {
        throw new ExitedError(exitReason);
      }
      throw new Error(`${description} did not happen within ${options.timeoutMilliseconds / 1000} s (last: ${outcome})`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMilliseconds ?? 200));
  }
}

/** attempt runs one check, turning a failure into the observation. */
async function attempt(check: () => Promise<boolean | string>): Promise<true | string> {
  try {
    const outcome = await check();
    return outcome === false ? 'not yet' : outcome;
  } catch (error) {
    return errorMessage(error);
  }
}

/** A check for probe(): true on HTTP 200, else the status and body as the observation. */
export function answersOk(target: Probe): () => Promise<boolean | string> {
  return async () => {
    const result = await probe(target);
    return result.status === 200 || `HTTP ${result.status}: ${result.body.trim().split('\n').slice(-3).join(' ')}`.slice(0, 300);
  };
}

// The member proxy's control API on 127.0.0.1: GET /mode, PUT /mode (bearer token), GET /healthz for the lab's start.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { loopback } from './arguments.js';
import { parseMode, type ProxyMode } from './proxy-mode.js';
import type { ProxyCounts } from './proxy-server.js';
import { errorMessage } from '../../kube/errors.js';

/** A mode is a few dozen bytes; anything longer is not one. */
const maximumBody = 1024;

export interface ControlTarget {
  readonly mode: ProxyMode;
  readonly counts: ProxyCounts;
  setMode(mode: ProxyMode): ProxyMode;
}

export interface ControlOptions {
  readonly token: string;
  /** Called after every change, e.g. to record the mode in the mode file; a failure answers 500. */
  readonly changed: (mode: ProxyMode) => Promise<void>;
  readonly log: (line: string) => void;
}

/** The answer to GET /mode and (as `after`) to PUT /mode. */
export type ModeReport = ProxyMode & ProxyCounts;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** authorized compares digests, so neither the token's length nor its prefix leaks through timing. */
export function authorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1] as string), digest(token));
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > maximumBody) {
        resolve(undefined);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function handle(target: ControlTarget, options: ControlOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${loopback}`);
  if (url.pathname === '/healthz' && request.method === 'GET') {
    answer(response, 200, { ok: true });
    return;
  }
  if (url.pathname !== '/mode') {
    answer(response, 404, { error: `no ${url.pathname} here; the control API serves /mode and /healthz` });
    return;
  }
  if (!authorized(request.headers.authorization, options.token)) {
    answer(response, 401, { error: 'a bearer token from the lab directory is needed' });
    return;
  }
  if (request.method === 'GET') {
    answer(response, 200, { ...target.mode, ...target.counts });
    return;
  }
  if (request.method !== 'PUT') {
    answer(response, 405, { error: `${request.method ?? ''} /mode: use GET or PUT` });
    return;
  }
  const body = await readBody(request);
  if (body === undefined) {
    answer(response, 413, { error: `a mode is at most ${maximumBody} bytes` });
    return;
  }
  let mode: ProxyMode;
  try {
    mode = parseMode(JSON.parse(body), 'PUT /mode');
  } catch (error) {
    answer(response, 400, { error: errorMessage(error) });
    return;
  }
  const before = target.setMode(mode);
  options.log(`mode ${JSON.stringify(before)} -> ${JSON.stringify(mode)}`);
  await options.changed(mode);
  answer(response, 200, { before, after: { ...target.mode, ...target.counts } });
}

/** controlServer serves the control API; errors answer 500 with the message and never stop the proxy. */
export function controlServer(target: ControlTarget, options: ControlOptions): Server {
  return createServer((request, response) => {
    handle(target, options, request, response).catch((error: unknown) => {
      options.log(`control request failed: ${errorMessage(error)}`);
      if (!response.headersSent) {
        answer(response, 500, { error: errorMessage(error) });
      } else {
        response.destroy();
      }
    });
  });
}

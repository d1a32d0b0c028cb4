import { createServer, type Server } from 'node:http';

/** A named health check; it returns an error message when failing. */
export type Check = () => string | undefined;

export interface RouteAnswer {
  status: number;
  body: string;
  contentType?: string;
}

export type Route = (query: URLSearchParams) => Promise<RouteAnswer>;

/** healthRoute answers like controller-runtime's healthz: "ok", or per-check lines with HTTP 500 on failure. */
export function healthRoute(checks: Map<string, Check>): Route {
  return (query) => Promise.resolve(healthAnswer(checks, query));
}

function healthAnswer(checks: Map<string, Check>, query: URLSearchParams): RouteAnswer {
  const excluded = new Set(query.getAll('exclude'));
  const results = [...checks].filter(([name]) => !excluded.has(name)).map(([name, check]) => ({ name, error: check() }));
  const failed = results.some((result) => result.error !== undefined);
  if (!failed && !query.has('verbose')) {
    return { status: 200, body: 'ok' };
  }
  // The endpoint is unauthenticated, so, as in controller-runtime, reasons are withheld from it.
  const lines = results.map((result) => (result.error === undefined ? `[+]${result.name} ok` : `[-]${result.name} failed: reason withheld`));
  lines.push(failed ? 'healthz check failed' : 'healthz check passed');
  return { status: failed ? 500 : 200, body: `${lines.join('\n')}\n` };
}

/** parseBindAddress turns ":8080", "127.0.0.1:8080" or "0" (disabled) into host and port. */
export function parseBindAddress(address: string): { host: string; port: number } | undefined {
  if (address === '0' || address === '') {
    return undefined;
  }
  const colon = address.lastIndexOf(':');
  const port = Number(address.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid bind address "${address}": expected [host]:port or 0`);
  }
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  return { host: host === '' ? '::' : host, port };
}

/** Methods the endpoints answer; anything else gets 405. */
const methods = new Set(['GET', 'HEAD']);

/**
 * requestTarget splits a request target into path and query without URL parsing, which throws on targets
 * such as "//x:y"; anything but an origin-form target ("/path?query") is undefined.
 */
export function requestTarget(url: string | undefined): { path: string; query: URLSearchParams } | undefined {
  if (url === undefined || !url.startsWith('/')) {
    return undefined;
  }
  const mark = url.indexOf('?');
  return mark < 0 ? { path: url, query: new URLSearchParams() } : { path: url.slice(0, mark), query: new URLSearchParams(url.slice(mark + 1)) };
}

const plain = { 'content-type': 'text/plain; charset=utf-8' };

/**
 * serve starts a small HTTP server with exact-path routes; it resolves once listening. The ports are
 * reachable by anything in the cluster network, so every request is hostile until routed: a target
 * that is not a plain path gets 400, another method 405, an unknown path 404, and a route that fails
 * 500 without its reason. Malformed HTTP never reaches the handler: Node answers it with 400 (431 for
 * oversized headers, 408 for slow ones) and closes that connection only.
 */
export async function serve(
  address: { host: string; port: number },
  routes: Record<string, Route>,
  onError: (error: Error) => void = () => undefined,
): Promise<Server> {
  const server = createServer((request, response) => {
    const answer = (status: number, body: string, headers: Record<string, string> = plain) => {
      if (!response.headersSent) {
        response.writeHead(status, headers).end(body);
      }
    };
    const target = requestTarget(request.url);
    if (!target) {
      answer(400, 'bad request\n');
      return;
    }
    if (!methods.has(request.method ?? '')) {
      answer(405, 'method not allowed\n', { ...plain, allow: 'GET, HEAD' });
      return;
    }
    const route = Object.hasOwn(routes, target.path) ? routes[target.path] : undefined;
    if (!route) {
      answer(404, 'not found\n');
      return;
    }
    route(target.query).then(
      (result) => answer(result.status, result.body, { 'content-type': result.contentType ?? plain['content-type'] }),
      () => answer(500, 'internal error\n'),
    );
  });
  // Slow clients cannot hold connections for long: headers within 10s, a whole request within 30s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      // Errors of a listening server (running out of file descriptors, say) are reported, never thrown.
      server.on('error', onError);
      resolve();
    });
  });
  return server;
}

/** boundAddress reports host:port as bound (IPv6 hosts bracketed), so a port of 0 shows the port chosen. */
export function boundAddress(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    return String(address);
  }
  return address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
}

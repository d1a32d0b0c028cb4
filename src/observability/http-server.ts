import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A named health check; it returns an error message when failing. */
export type Check = () => string | undefined;

export type Route = (query: URLSearchParams) => Promise<{ status: number; body: string; contentType?: string }>;

/** healthRoute answers like controller-runtime's healthz: "ok", or per-check lines with HTTP 500 on failure. */
export function healthRoute(checks: Map<string, Check>): Route {
  return async (query) => {
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
  };
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

/** serve starts a small HTTP server with exact-path routes; it resolves once listening. */
export async function serve(address: { host: string; port: number }, routes: Record<string, Route>): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    route(url.searchParams).then(
      (result) => response.writeHead(result.status, { 'content-type': result.contentType ?? 'text/plain; charset=utf-8' }).end(result.body),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve());
  });
  return server;
}

/** boundAddress reports host:port as bound (IPv6 hosts bracketed), so a port of 0 shows the port chosen. */
export function boundAddress(server: Server): string {
  const address = server.address() as AddressInfo;
  return address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
}

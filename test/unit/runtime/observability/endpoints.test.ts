// The controller-manager's two listeners, started exactly as the Manager starts them, fed hostile requests: every
// request gets a response below 500 (or, for bytes that are not HTTP, a closed connection), and /healthz and /metrics
// keep answering after each one. A request that crashed the server would end this test process.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type Endpoints, serveEndpoints } from '../../../../src/runtime/observability/endpoints.js';
import { silentLogger } from '../../../../src/runtime/observability/logger.js';
import { Metrics } from '../../../../src/runtime/observability/metrics.js';
import { type Check, parseBindAddress } from '../../../../src/runtime/observability/http-server.js';
import { captureClientHello, exchange, rawRequest as request, statusOf } from '../../support/raw-http.js';

let endpoints: Endpoints;
let ports: { metrics: number; probes: number };
let clientHello: Buffer;

async function stillServing(): Promise<void> {
  const health = await fetch(`http://127.0.0.1:${ports.probes}/healthz`);
  expect([health.status, await health.text()]).toEqual([200, 'ok']);
  const metrics = await fetch(`http://127.0.0.1:${ports.metrics}/metrics`);
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toContain('# TYPE');
}

beforeAll(async () => {
  const health = new Map<string, Check>([['event-loop', () => undefined]]);
  const ready = new Map<string, Check>([['informers', () => undefined]]);
  endpoints = await serveEndpoints({ metricsAddress: '127.0.0.1:0', probeAddress: '127.0.0.1:0', health, ready, metrics: new Metrics(), logger: silentLogger() });
  ports = {
    metrics: parseBindAddress(endpoints.bound.metrics ?? '')?.port ?? 0,
    probes: parseBindAddress(endpoints.bound.probes ?? '')?.port ?? 0,
  };
  clientHello = await captureClientHello();
});

afterAll(async () => {
  await Promise.all(endpoints.servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('malformed requests get a 4xx and the listeners keep serving', () => {
  it.each<[string, 'probes' | 'metrics', Buffer, number | undefined]>([
    ['a target URL parsing rejects (//x:y)', 'probes', request('GET //x:y HTTP/1.1'), 404],
    ['//x:y on the metrics port', 'metrics', request('GET //x:y HTTP/1.1'), 404],
    ['an absolute-form target', 'metrics', request('GET http://x:y/metrics HTTP/1.1'), 400],
    ['an asterisk target', 'probes', request('OPTIONS * HTTP/1.1'), 400],
    ['a path that is an Object property', 'probes', request('GET /__proto__ HTTP/1.1'), 404],
    ['a percent sign that decodes to nothing', 'probes', request('GET /healthz?exclude=%zz&verbose HTTP/1.1'), 200],
    ['an unknown path', 'metrics', request('GET /debug/pprof HTTP/1.1'), 404],
    ['a method other than GET or HEAD', 'metrics', request('POST /metrics HTTP/1.1', ['Host: kubefed', 'Content-Length: 3'], 'abc'), 405],
    ['HEAD', 'probes', request('HEAD /readyz HTTP/1.1'), 200],
    ['no Host header', 'probes', request('GET /healthz HTTP/1.1', []), 400],
    ['an invalid method token', 'probes', request('G(T /healthz HTTP/1.1'), 400],
    ['an unknown HTTP version', 'probes', request('GET /healthz HTTP/7.1'), 400],
    ['oversized headers', 'metrics', request('GET /metrics HTTP/1.1', ['Host: kubefed', `X-Fill: ${'a'.repeat(20_000)}`]), 431],
    ['a conflicting Content-Length and Transfer-Encoding', 'probes', request('GET /healthz HTTP/1.1', ['Host: kubefed', 'Content-Length: 5', 'Transfer-Encoding: chunked'], '0\r\n\r\n'), 400],
    ['a NUL byte in the request line', 'probes', Buffer.from('GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'), 400],
    ['a TLS ClientHello on the plain port', 'probes', Buffer.alloc(0), 400],
  ])('%s', async (_name, port, bytes, expected) => {
    const sent = bytes.length === 0 ? clientHello : bytes;
    expect(statusOf(await exchange(ports[port], sent))).toBe(expected);
    await stillServing();
  });
});

describe('fuzzing the listeners', () => {
  const port = fc.constantFrom<'probes' | 'metrics'>('probes', 'metrics');
  const method = fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'PRI', 'get', ''), fc.string({ maxLength: 12 }));
  const target = fc.oneof(
    fc.constantFrom('/healthz', '/readyz', '/livez', '/metrics', '//x:y', '//', '/%', '/%zz', '*', 'http://x:y/', 'http://[::1', '/..', '/constructor', '/healthz#x', '/healthz?exclude=event-loop&verbose'),
    fc.webUrl(),
    fc.string({ maxLength: 64 }).map((text) => `/${text}`),
    fc.string({ maxLength: 64 }),
    fc.nat({ max: 70_000 }).map((size) => `/${'a'.repeat(size)}`),
  );
  const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/0.9', 'HTTP/2.0', 'HTTP/1.1x', '', 'http/1.1');
  const headerName = fc.oneof(fc.constantFrom('Host', 'Content-Length', 'Transfer-Encoding', 'Expect', 'Connection', 'Upgrade', 'Content-Type'), fc.string({ maxLength: 16 }));
  const headerValue = fc.oneof(
    fc.constantFrom('chunked', '100-continue', '-1', '99999999999999999999', 'upgrade', 'h2c', 'websocket', 'close', 'keep-alive'),
    fc.string({ maxLength: 64 }),
    fc.nat({ max: 40_000 }).map((size) => 'v'.repeat(size)),
  );
  const header = fc.tuple(headerName, headerValue).map(([name, value]) => `${name}: ${value}`);
  const body = fc.oneof(fc.string({ maxLength: 256 }), fc.constantFrom('0\r\n\r\n', '5\r\nabc', 'zz\r\n'), fc.constantFrom(0, 65_536, 1 << 20).map((size) => 'b'.repeat(size)));

  it('answers any request line, headers and body below 500, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(port, method, target, version, fc.array(header, { maxLength: 8 }), fc.boolean(), body, async (which, verb, path, protocol, headers, withHost, content) => {
        const bytes = request(`${verb} ${path} ${protocol}`, withHost ? ['Host: kubefed', ...headers] : headers, content);
        const status = statusOf(await exchange(ports[which], bytes));
        expect(status === undefined || status === 200 || (status >= 400 && status < 500)).toBe(true);
        await stillServing();
      }),
      { numRuns: 200 },
    );
  });

  it('survives raw bytes', async () => {
    await fc.assert(
      fc.asyncProperty(port, fc.uint8Array({ maxLength: 4096 }), async (which, bytes) => {
        const status = statusOf(await exchange(ports[which], Buffer.from(bytes)));
        expect(status === undefined || (status >= 400 && status < 500)).toBe(true);
        await stillServing();
      }),
    );
  });

  it('survives TLS ClientHellos, whole, cut and corrupted', async () => {
    const corrupted = fc.tuple(fc.nat({ max: clientHello.length }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 16 }));
    await fc.assert(
      fc.asyncProperty(port, corrupted, async (which, [length, changes]) => {
        const hello = Buffer.from(clientHello.subarray(0, Math.max(1, length)));
        for (const [offset, value] of changes) {
          hello[offset % hello.length] = value;
        }
        const status = statusOf(await exchange(ports[which], hello));
        expect(status === undefined || (status >= 400 && status < 500)).toBe(true);
        await stillServing();
      }),
      { numRuns: 50 },
    );
  });
});

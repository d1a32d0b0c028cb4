import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Server } from 'node:http';
import { authorized, controlServer, type ControlTarget } from '../../../../src/cli/lab/proxy-control.js';
import { directMode, type ProxyMode } from '../../../../src/cli/lab/proxy-mode.js';

describe('authorized', () => {
  test.each<[string | undefined, boolean]>([
    ['Bearer secret-token', true],
    ['Bearer secret-tokem', false],
    ['Bearer secret', false],
    ['bearer secret-token', false],
    ['Basic secret-token', false],
    ['Bearer  secret-token', false],
    ['', false],
    [undefined, false],
  ])('%j is %s', (header, expected) => {
    expect(authorized(header, 'secret-token')).toBe(expected);
  });
});

describe('the control API', () => {
  let mode: ProxyMode = directMode;
  const recorded: ProxyMode[] = [];
  const target: ControlTarget = {
    get mode() {
      return mode;
    },
    counts: { connections: 2, closedByKubefed: 0, heldBytes: 10 },
    setMode(next) {
      const before = mode;
      mode = next;
      return before;
    },
  };
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = controlServer(target, { token: 'secret-token', log: () => undefined, changed: (next) => Promise.resolve(void recorded.push(next)) });
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });

  afterAll(() => void server.close());

  const send = async (method: string, path: string, body?: string, token = 'secret-token') => {
    const response = await fetch(`${base}${path}`, { method, body, headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  test('reports the mode with the connections and held bytes', async () => {
    expect(await send('GET', '/mode')).toEqual({ status: 200, body: { mode: 'direct', connections: 2, closedByKubefed: 0, heldBytes: 10 } });
  });

  test('changes the mode, answers what it was, and records it', async () => {
    expect(await send('PUT', '/mode', '{"mode":"slow","delayMilliseconds":3000}')).toEqual({
      status: 200,
      body: { before: { mode: 'direct' }, after: { mode: 'slow', delayMilliseconds: 3000, connections: 2, closedByKubefed: 0, heldBytes: 10 } },
    });
    expect(recorded.at(-1)).toEqual({ mode: 'slow', delayMilliseconds: 3000 });
  });

  test.each([
    ['a wrong token', 'PUT', '/mode', '{"mode":"partitioned"}', 'wrong', 401, /bearer token/],
    ['no JSON', 'PUT', '/mode', 'partitioned', 'secret-token', 400, /JSON/],
    ['an unknown mode', 'PUT', '/mode', '{"mode":"down"}', 'secret-token', 400, /PUT \/mode: mode is "down"/],
    ['a body past a kilobyte', 'PUT', '/mode', `{"mode":"${'x'.repeat(2000)}"}`, 'secret-token', 413, /at most 1024 bytes/],
    ['another method', 'DELETE', '/mode', undefined, 'secret-token', 405, /use GET or PUT/],
    ['another path', 'GET', '/admin', undefined, 'secret-token', 404, /serves \/mode and \/healthz/],
  ])('refuses %s and changes nothing', async (_case, method, path, body, token, status, message) => {
    const before = mode;
    const answer = await send(method, path, body, token);
    expect(answer.status).toBe(status);
    expect(String(answer.body.error)).toMatch(message);
    expect(mode).toBe(before);
  });

  test('answers /healthz without a token, for the lab waiting on it', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

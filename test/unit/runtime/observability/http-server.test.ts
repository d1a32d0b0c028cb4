import { describe, expect, it } from '@jest/globals';
import { type Check, healthRoute, parseBindAddress, requestTarget } from '../../../../src/runtime/observability/http-server.js';

const checks = (entries: [string, string | undefined][]) => new Map<string, Check>(entries.map(([name, error]) => [name, () => error]));

describe('healthRoute', () => {
  it('answers a plain ok when every check passes', async () => {
    await expect(healthRoute(checks([['ping', undefined], ['informers', undefined]]))(new URLSearchParams())).resolves.toEqual({ status: 200, body: 'ok' });
  });

  it('lists every check when asked for verbose output', async () => {
    const result = await healthRoute(checks([['ping', undefined], ['informers', undefined]]))(new URLSearchParams('verbose'));
    expect(result).toEqual({ status: 200, body: '[+]ping ok\n[+]informers ok\nhealthz check passed\n' });
  });

  it('fails with 500 and names the failing check, withholding the reason (the endpoint is public)', async () => {
    const result = await healthRoute(checks([['ping', undefined], ['informers', 'member east not synced']]))(new URLSearchParams());
    expect(result).toEqual({ status: 500, body: '[+]ping ok\n[-]informers failed: reason withheld\nhealthz check failed\n' });
  });

  it('skips excluded checks', async () => {
    const route = healthRoute(checks([['ping', undefined], ['leader', 'lease not renewed'], ['informers', 'not synced']]));
    await expect(route(new URLSearchParams('exclude=leader&exclude=informers'))).resolves.toEqual({ status: 200, body: 'ok' });
  });

  it('evaluates checks anew on every request', async () => {
    let error: string | undefined = 'not yet';
    const route = healthRoute(new Map<string, Check>([['informers', () => error]]));
    expect((await route(new URLSearchParams())).status).toBe(500);
    error = undefined;
    expect((await route(new URLSearchParams())).status).toBe(200);
  });
});

describe('parseBindAddress', () => {
  it.each([
    [':8080', { host: '::', port: 8080 }],
    ['127.0.0.1:9090', { host: '127.0.0.1', port: 9090 }],
    ['[::1]:8081', { host: '::1', port: 8081 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0 }],
  ])('reads %j', (address, expected) => {
    expect(parseBindAddress(address)).toEqual(expected);
  });

  it.each(['0', ''])('treats %j as disabled', (address) => {
    expect(parseBindAddress(address)).toBeUndefined();
  });

  it.each(['8080', 'localhost', ':http', ':65536', ':-1', '127.0.0.1:80.5'])('rejects %j', (address) => {
    expect(() => parseBindAddress(address)).toThrow(`invalid bind address "${address}"`);
  });
});

describe('requestTarget', () => {
  it.each<[string | undefined, { path: string; query: string } | undefined]>([
    ['/healthz', { path: '/healthz', query: '' }],
    ['/healthz?verbose&exclude=leader', { path: '/healthz', query: 'verbose=&exclude=leader' }],
    ['//x:y', { path: '//x:y', query: '' }],
    ['/healthz?exclude=%zz', { path: '/healthz', query: 'exclude=%25zz' }],
    ['/a?b?c', { path: '/a', query: 'b%3Fc=' }],
    ['*', undefined],
    ['http://x:y/metrics', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('splits %j without URL parsing, which throws on some of them', (url, expected) => {
    const target = requestTarget(url);
    expect(target && { path: target.path, query: target.query.toString() }).toEqual(expected);
  });
});

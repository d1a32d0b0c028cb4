import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { requestUrl } from '../../../src/kube/request-url.js';

/** parsed is what URL makes of the same request: the reference requestUrl must agree with. */
function parsed(server: string, path: string, query: Record<string, string | number | boolean | undefined>): string {
  const url = new URL(server + path);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) {
      url.searchParams.set(name, String(value));
    }
  }
  return url.toString();
}

const server = 'https://127.0.0.1:6443';

describe('requestUrl', () => {
  it.each<[string, string, Record<string, string | number | boolean | undefined>, string]>([
    ['an object path', '/api/v1/namespaces/shop/configmaps/app', {}, 'https://127.0.0.1:6443/api/v1/namespaces/shop/configmaps/app'],
    [
      'a list with a selector',
      '/apis/apps/v1/namespaces/shop/pods',
      { labelSelector: 'app in (web),tier!=db', limit: 500, watch: true, skipped: undefined },
      'https://127.0.0.1:6443/apis/apps/v1/namespaces/shop/pods?labelSelector=app+in+%28web%29%2Ctier%21%3Ddb&limit=500&watch=true',
    ],
    ['a path with dot segments is normalised', '/api/v1/namespaces/a/../b', {}, 'https://127.0.0.1:6443/api/v1/namespaces/b'],
    ['a path with a space is escaped', '/api/v1/namespaces/a b', {}, 'https://127.0.0.1:6443/api/v1/namespaces/a%20b'],
  ])('%s', (_name, path, query, expected) => {
    expect(requestUrl(server, path, query)).toBe(expected);
  });

  // The server is joined as given (a default port stays written out, which addresses the same server).
  it('gives what URL gives, for any path and query', () => {
    const segment = fc.string({ minLength: 1, maxLength: 12 });
    const path = fc.array(fc.oneof(segment, fc.constantFrom('.', '..', 'v1', 'api', 'a.b-c_d~e:f')), { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`);
    const query = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 3 });
    fc.assert(
      fc.property(fc.constantFrom(server, 'https://fed.example/prefix'), path, query, (base, requestPath, requestQuery) => {
        expect(requestUrl(base, requestPath, requestQuery)).toBe(parsed(base, requestPath, requestQuery));
      }),
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import { servingUrls } from '../../../../src/cli/lab/serving.js';

describe('servingUrls', () => {
  it.each<[string, string, string[] | undefined]>([
    [
      'both listeners',
      '{"level":"info","msg":"serving","metrics":"127.0.0.1:40123","probes":"127.0.0.1:40124","ts":"2026-01-01T00:00:00.000Z"}',
      ['metrics: http://127.0.0.1:40123/metrics', 'probes:  http://127.0.0.1:40124/healthz  http://127.0.0.1:40124/readyz'],
    ],
    ['metrics turned off', '{"msg":"serving","probes":"127.0.0.1:9"}', ['probes:  http://127.0.0.1:9/healthz  http://127.0.0.1:9/readyz']],
    ['another log line', '{"msg":"controllers started"}', undefined],
    ['a line that is not JSON', 'panic: something', undefined],
    ['JSON that is not an object', '"serving"', undefined],
    ['an address that is not text', '{"msg":"serving","metrics":8080}', []],
  ])('%s', (_name, line, urls) => {
    expect(servingUrls(line)).toEqual(urls);
  });
});

import { readFile } from 'node:fs/promises';
import { describe, expect, test } from '@jest/globals';
import { load } from 'js-yaml';
import { jemallocPath, nodeRuntimeEnvironment, nodeRuntimeFlags, runtimeEnvironment } from '../../../../src/daemon/config/runtime.js';

const file = (name: string) => readFile(new URL(`../../../../${name}`, import.meta.url), 'utf8');

describe('the controller-manager runtime flags', () => {
  test('are the ones the Dockerfile starts the image with', async () => {
    const dockerfile = await file('Dockerfile');
    const entrypoint = /^ENTRYPOINT (.+)$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(entrypoint ?? '[]')).toEqual(['node', ...nodeRuntimeFlags, 'dist/daemon/main.js']);
  });
});

describe('the controller-manager runtime environment', () => {
  test('is what the image sets', async () => {
    const set = [...(await file('Dockerfile')).matchAll(/^ENV (\w+)=(\S+)$/gm)].map(([, name, value]) => [name, value]);
    expect(Object.fromEntries(set)).toMatchObject(nodeRuntimeEnvironment);
  });

  test('is what the Deployment in manifests/ sets (the chart renders the same, see test/e2e/chart.test.ts)', async () => {
    const deployment = load(await file('manifests/controller-manager/deployment.yaml')) as { spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } };
    const env = deployment.spec.template.spec.containers[0]?.env ?? [];
    expect(Object.fromEntries(env.map(({ name, value }) => [name, value]))).toMatchObject(nodeRuntimeEnvironment);
  });

  test.each<[string, string[], Record<string, string>]>([
    ["the image's jemalloc", [jemallocPath], nodeRuntimeEnvironment],
    ["Debian's package outside the image", ['/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'], { ...nodeRuntimeEnvironment, LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2' }],
    ['no jemalloc: nothing preloaded, and no settings for an allocator that is not there', [], {}],
  ])('outside the image, where it finds %s', (_case, installed, expected) => {
    expect(runtimeEnvironment([jemallocPath, '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'], (path) => installed.includes(path))).toEqual(expected);
  });
});

import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { bigConfigMapWorkload, manifestNodeOptions, memoryLimitBytes } from '../../../src/bench/big-objects.js';

const deployment = readFileSync(new URL('../../../manifests/controller-manager/deployment.yaml', import.meta.url), 'utf8');

describe('memoryLimitBytes', () => {
  it.each<[string, string, number]>([
    ['mebibytes', 'limits:\n  memory: 512Mi\n', 512 * 2 ** 20],
    ['gibibytes', 'limits:\n  memory: 1Gi\n', 2 ** 30],
    ['bytes', 'limits:\n  memory: 1000\n', 1000],
  ])('reads %s', (_name, manifest, bytes) => {
    expect(memoryLimitBytes(manifest)).toBe(bytes);
  });

  it('reads the shipped Deployment, and says so when there is no limit', () => {
    expect(memoryLimitBytes(deployment)).toBe(512 * 2 ** 20);
    expect(() => memoryLimitBytes('requests:\n  memory: 1Gi\n')).toThrow('no memory limit');
  });
});

describe('manifestNodeOptions', () => {
  it('reads the heap bound the shipped Deployment runs Node with', () => {
    expect(manifestNodeOptions(deployment)).toEqual(['--max-old-space-size=384']);
    expect(manifestNodeOptions('env: []')).toEqual([]);
  });
});

describe('bigConfigMapWorkload', () => {
  it('makes ConfigMaps of the given size that the revision tracking still reads', () => {
    const object = bigConfigMapWorkload(900).object('bench', 7);
    expect(JSON.stringify(object.data).length).toBeGreaterThan(900 * 1024);
    expect(bigConfigMapWorkload(900).revisionOf(object)).toBe(0);
  });
});

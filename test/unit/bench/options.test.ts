import { describe, expect, it } from '@jest/globals';
import { controllerManagerFlags, describeVariant, flagValue, parseBenchOptions, parseMemberCounts, parseSweep } from '../../../src/bench/options.js';

describe('parseBenchOptions', () => {
  it('defaults to 2000 ConfigMaps over 3 members, 200 samples, kubefed default concurrency', () => {
    expect(parseBenchOptions([])).toMatchObject({
      kind: 'configmap',
      objects: 2000,
      members: 3,
      samples: 200,
      memberConcurrency: 16,
      workers: 16,
      createConcurrency: 32,
      controllerManagerFlags: [],
      timeoutMs: 900_000,
    });
  });

  it('defaults to 200 Deployments for --kind deployment, and takes the documented flags', () => {
    expect(parseBenchOptions(['--kind', 'deployment']).objects).toBe(200);
    const options = parseBenchOptions(['--kind=deployment', '--objects', '50', '--members', '2', '--json', 'out.json', '--cm-flag=--federation-qps=0', '--cm-flag=--workers=4']);
    expect(options).toMatchObject({ kind: 'deployment', objects: 50, members: 2, json: 'out.json', controllerManagerFlags: ['--federation-qps=0', '--workers=4'] });
    // 0 replicas: Deployments propagate and settle without a pod starting in the members.
    expect(parseBenchOptions(['--kind', 'deployment', '--replicas-per-member', '0']).replicasPerMember).toBe(0);
  });

  it('rejects unknown kinds and counts that are not whole numbers', () => {
    expect(() => parseBenchOptions(['--kind', 'secret'])).toThrow();
    expect(() => parseBenchOptions(['--objects', '0'])).toThrow();
    expect(() => parseBenchOptions(['--members', '1.5'])).toThrow();
  });
});

describe('--members', () => {
  it.each([
    { text: '3', expected: [3] },
    { text: '1,3,6,10', expected: [1, 3, 6, 10] },
    { text: ' 10, 1 ,', expected: [10, 1] },
  ])('reads "$text" as $expected', ({ text, expected }) => {
    expect(parseMemberCounts(text)).toEqual(expected);
  });

  it.each(['', '0', '1,1', '3,x', '2.5'])('rejects "%s"', (text) => {
    expect(() => parseMemberCounts(text)).toThrow();
  });

  it('runs one lab for one count and the member sweep for several', () => {
    expect(parseBenchOptions(['--members', '2'])).toMatchObject({ members: 2 });
    expect(parseBenchOptions(['--members', '2']).memberCounts).toBeUndefined();
    expect(parseBenchOptions(['--members', '1,3,6,10', '--objects', '1000'])).toMatchObject({ members: 1, memberCounts: [1, 3, 6, 10], objects: 1000 });
  });

  it.each([
    [['--peers', 'karmada'], /--peers/],
    [['--sweep', 'workers=8'], /--sweep/],
    [['--kind', 'deployment'], /without workloads/],
  ])('refuses the sweep with %j', (extra, message) => {
    expect(() => parseBenchOptions(['--members', '1,3', ...extra])).toThrow(message);
  });
});

describe('parseSweep', () => {
  it('reads variants separated by ; of flag=value pairs separated by ,', () => {
    expect(parseSweep('member-concurrency=8,workers=8; --workers=32 ;')).toEqual([{ 'member-concurrency': '8', workers: '8' }, { workers: '32' }]);
  });

  it('rejects pairs without a value and an empty list', () => {
    expect(() => parseSweep('workers')).toThrow();
    expect(() => parseSweep(';;')).toThrow();
  });

  it('describes a variant as flags', () => {
    expect(describeVariant({ workers: '8', 'federation-qps': '0' })).toBe('--workers=8 --federation-qps=0');
    expect(describeVariant({})).toBe('defaults');
  });
});

describe('controllerManagerFlags', () => {
  const base = { memberConcurrency: 16, workers: 16, controllerManagerFlags: [] as string[] };

  it('runs only the benchmarked controllers, without leader election', () => {
    expect(controllerManagerFlags(base, 'namespaces,configmaps')).toEqual([
      '--controllers=namespaces,configmaps',
      '--leader-elect=false',
      '--member-concurrency=16',
      '--workers=16',
    ]);
  });

  it('lets extra flags and then sweep variants override, one value per flag', () => {
    const flags = controllerManagerFlags({ ...base, controllerManagerFlags: ['--workers=4', '--federation-qps=0'] }, 'x', { workers: '32' });
    expect(flags.filter((flag) => flag.startsWith('--workers='))).toEqual(['--workers=32']);
    expect(flagValue(flags, 'federation-qps')).toBe('0');
    expect(flagValue(flags, 'member-concurrency')).toBe('16');
    expect(flagValue(flags, 'absent')).toBeUndefined();
  });

  it('rejects extra flags that are not --flag=value', () => {
    expect(() => controllerManagerFlags({ ...base, controllerManagerFlags: ['workers=4'] }, 'x')).toThrow(/--cm-flag/);
  });
});

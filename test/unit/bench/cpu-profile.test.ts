import { describe, expect, it } from '@jest/globals';
import { type CpuProfile, functionOf, packageOf, summarizeCpuProfile } from '../../../src/bench/cpu-profile.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

describe('packageOf', () => {
  it.each([
    [frame('(garbage collector)'), '(garbage collector)'],
    [frame('JSONParse'), '(native)'],
    [frame('x', 'file:///w/node_modules/undici/lib/client.js'), 'undici'],
    [frame('x', 'file:///w/node_modules/@kubernetes/client-node/dist/a.js'), '@kubernetes/client-node'],
    [frame('x', 'node:internal/streams/readable'), 'node:streams'],
    [frame('x', 'node:events'), 'node:events'],
    [frame('x', 'file:///work/main/dist/controllers/kinds/configmap.js'), 'kubefed/controllers/kinds'],
    [frame('x', 'file:///work/main/dist/main.js'), 'kubefed'],
  ])('%j is in %s', (callFrame, expected) => {
    expect(packageOf(callFrame)).toBe(expected);
  });

  it('names functions with their file and 1-based line', () => {
    expect(functionOf(frame('reconcile', 'file:///work/main/dist/controllers/controller.js', 41))).toBe('reconcile (dist/controllers/controller.js:42)');
    expect(functionOf(frame('', 'file:///w/node_modules/undici/index.js', 0))).toBe('(anonymous) (undici/index.js:1)');
  });
});

describe('summarizeCpuProfile', () => {
  // root → main → [parse (leaf), work → parse (leaf)]; plus (idle).
  const profile: CpuProfile = {
    startTime: 0,
    endTime: 10_000,
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 5] },
      { id: 2, callFrame: frame('main', 'file:///a/dist/main.js'), children: [3, 4] },
      { id: 3, callFrame: frame('parse', 'file:///a/node_modules/p/index.js') },
      { id: 4, callFrame: frame('work', 'file:///a/dist/queue/work.js'), children: [6] },
      { id: 5, callFrame: frame('(idle)') },
      { id: 6, callFrame: frame('parse', 'file:///a/node_modules/p/index.js') },
    ],
    // Four samples of 1, 2, 3 and (the last, averaged) 2.5 ms.
    samples: [3, 6, 4, 5],
    timeDeltas: [0, 1000, 2000, 3000],
  };

  it('gives each sample the gap to the next one, self to its leaf and total to every distinct frame above it', () => {
    const summary = summarizeCpuProfile(profile);
    expect(summary.durationMs).toBe(10);
    const parse = summary.functions.find((entry) => entry.name.startsWith('parse'));
    expect(parse).toMatchObject({ selfMs: 3, totalMs: 3 });
    expect(summary.functions.find((entry) => entry.name.startsWith('work'))).toMatchObject({ selfMs: 3, totalMs: 5 });
    expect(summary.functions.find((entry) => entry.name.startsWith('main'))).toMatchObject({ selfMs: 0, totalMs: 6 });
    expect(summary.busyMs).toBe(6);
  });

  it('sorts by self time and groups packages', () => {
    const summary = summarizeCpuProfile(profile);
    expect(summary.packages.map((entry) => entry.name).slice(0, 2).sort()).toEqual(['kubefed/queue', 'p']);
    expect(summary.packages.find((entry) => entry.name === 'kubefed')).toMatchObject({ selfMs: 0, totalMs: 6 });
    expect(summary.functions[0]?.selfMs).toBeGreaterThanOrEqual(summary.functions[1]?.selfMs ?? 0);
  });
});

import { describe, expect, it } from '@jest/globals';
import { cpuSecondsFromStat, memoryFromStatus } from '../../../src/bench/proc.js';

describe('cpuSecondsFromStat', () => {
  it('adds utime and stime (fields 14 and 15) in 1/100 s', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 566 0 0 20 0 11 0 100 1000 500 18446744073709551615';
    expect(cpuSecondsFromStat(stat)).toBeCloseTo(18, 10);
  });

  it('counts fields from the last parenthesis, so odd command names do not shift them', () => {
    const stat = '7 (a) b) (c) R 1 7 7 0 -1 0 0 0 0 0 250 50 0 0 20 0 1 0 1 1 1';
    expect(cpuSecondsFromStat(stat)).toBeCloseTo(3, 10);
  });

  it('rejects what is not a stat line', () => {
    expect(() => cpuSecondsFromStat('nonsense')).toThrow();
    expect(() => cpuSecondsFromStat('1 (x) S 1')).toThrow();
  });
});

describe('memoryFromStatus', () => {
  it('reads VmRSS and VmHWM in bytes', () => {
    const status = 'Name:\tnode\nVmPeak:\t 2000000 kB\nVmHWM:\t  180000 kB\nVmRSS:\t  120000 kB\nThreads:\t11\n';
    expect(memoryFromStatus(status)).toEqual({ residentBytes: 120000 * 1024, peakResidentBytes: 180000 * 1024 });
  });

  it('reads RssAnon, the anonymous part, where the kernel reports it', () => {
    const status = 'VmHWM:\t  180000 kB\nVmRSS:\t  120000 kB\nRssAnon:\t   70000 kB\nRssFile:\t   50000 kB\n';
    expect(memoryFromStatus(status)).toEqual({ residentBytes: 120000 * 1024, peakResidentBytes: 180000 * 1024, anonymousBytes: 70000 * 1024 });
  });

  it('fails without the fields (a kernel thread, say)', () => {
    expect(() => memoryFromStatus('Name:\tkthreadd\n')).toThrow(/VmRSS/);
  });
});

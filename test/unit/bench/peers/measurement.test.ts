import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { resourceWrites, sumWrites, tallyDelta } from '../../../../src/bench/peers/apiserver-writes.js';
import { isLoopbackOnly, parseListeners } from '../../../../src/bench/peers/listeners.js';
import { SettleDetector } from '../../../../src/bench/peers/meter.js';
import { errorLines, klogStamp, stampOf } from '../../../../src/bench/peers/setup.js';
import { parseSamples } from '../../../../src/bench/prometheus.js';

const tcp = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:4E21 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0 100 0 0 10 0',
  '   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1 0 100 0 0 10 0',
  '   2: 0100007F:4E21 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0 100 0 0 10 0',
].join('\n');
const tcp6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000000000000000000001000000:4E22 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 0 100 0 0 10 0',
  '   1: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2002 1 0 100 0 0 10 0',
  '   2: 0000000000000000FFFF00000100007F:4E23 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2003 1 0 100 0 0 10 0',
].join('\n');

describe('listeners from /proc/net/tcp', () => {
  it('reads listening sockets only, with their address, port and inode', () => {
    expect(parseListeners(tcp, 4)).toEqual([
      { address: '127.0.0.1', port: 20001, inode: 1001 },
      { address: '0.0.0.0', port: 8080, inode: 1002 },
    ]);
    expect(parseListeners(tcp6, 6)).toEqual([
      { address: '::1', port: 20002, inode: 2001 },
      { address: '::', port: 8081, inode: 2002 },
      { address: '::ffff:127.0.0.1', port: 20003, inode: 2003 },
    ]);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.0.0.53', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.4', false],
  ])('%s is loopback only: %s', (address, loopback) => {
    expect(isLoopbackOnly(address)).toBe(loopback);
  });
});

const metrics = (lines: string[]) => parseSamples(lines.join('\n'));

describe('writes counted by the API servers', () => {
  it('sums write verbs by resource and subresource, ignoring reads', () => {
    const samples = metrics([
      'apiserver_request_total{code="201",resource="configmaps",subresource="",verb="POST"} 10',
      'apiserver_request_total{code="409",resource="configmaps",subresource="",verb="POST"} 2',
      'apiserver_request_total{code="200",resource="configmaps",subresource="",verb="APPLY"} 3',
      'apiserver_request_total{code="200",resource="deployments",subresource="status",verb="PUT"} 4',
      'apiserver_request_total{code="200",resource="configmaps",subresource="",verb="LIST"} 50',
      'apiserver_request_total{code="200",resource="configmaps",subresource="",verb="WATCH"} 5',
      'rest_client_requests_total{code="200",method="POST"} 99',
    ]);
    expect(resourceWrites(samples)).toEqual({ configmaps: 15, 'deployments/status': 4 });
  });

  it('takes differences per cluster and sums them without heartbeats, within a selection', () => {
    const before = { federation: { configmaps: 10, leases: 5 }, member1: { configmaps: 1 } };
    const after = { federation: { configmaps: 12, leases: 9, events: 3 }, member1: { configmaps: 4, nodes: 2 } };
    const delta = tallyDelta(after, before);
    expect(delta).toEqual({ federation: { configmaps: 2, leases: 4, events: 3 }, member1: { configmaps: 3, nodes: 2 } });
    expect(sumWrites(delta)).toBe(8);
    expect(sumWrites(delta, { clusters: (cluster) => cluster !== 'federation' })).toBe(3);
    expect(sumWrites(delta, { resources: (resource, cluster) => !(cluster === 'federation' && resource === 'configmaps') })).toBe(6);
  });
});

describe('SettleDetector', () => {
  it('reports the start of the first window in which CPU stayed under the idle share of a core', () => {
    const detector = new SettleDetector(2_000, 0.05);
    // Busy for 3 s at a full core, then idle.
    const readings: [number, number][] = [
      [0, 0],
      [1_000, 1],
      [2_000, 2],
      [3_000, 3],
      [4_000, 3.01],
      [5_000, 3.02],
    ];
    const outcomes = readings.map(([at, cpu]) => detector.observe(at, cpu));
    expect(outcomes).toEqual([undefined, undefined, undefined, undefined, undefined, 3_000]);
  });

  it('never settles while the processes keep a core busy', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 100, max: 1_000 }), { minLength: 1, maxLength: 50 }), (steps) => {
        const detector = new SettleDetector(2_000, 0.05);
        let at = 0;
        return steps.every((step) => {
          at += step;
          return detector.observe(at, at / 1000) === undefined;
        });
      }),
    );
  });
});

describe('errorLines', () => {
  const log = [
    'I1207 09:37:27.000000 1 main.go:1] starting',
    'W1207 09:37:27.446565 1 logging.go:55] dial retry at start-up',
    'E1207 09:45:45.850551 1 detector.go:512] Failed to apply policy',
    'E1207 09:45:46.000000 1 x.go:1] "Unhandled Error" err="missing content for CA bundle \\"client-ca\\""',
    '{"level":"error","msg":"member write failed"}',
  ].join('\n');

  it('keeps warnings and errors, without the lab-only client CA complaint', () => {
    expect(errorLines(log, 10)).toEqual([log.split('\n')[1], log.split('\n')[2], log.split('\n')[4]]);
  });

  it('leaves out klog lines from before the failed phase began, and keeps the last few', () => {
    expect(errorLines(log, 10, new Date(2026, 11, 7, 9, 40, 0))).toEqual([log.split('\n')[2], log.split('\n')[4]]);
    expect(errorLines(log, 1)).toEqual([log.split('\n')[4]]);
  });

  it('reads klog stamps as text that sorts like time', () => {
    expect(klogStamp('E1207 09:45:45.850551 1 x.go:1] y')).toBe('1207 09:45:45');
    expect(klogStamp('{"level":"error"}')).toBeUndefined();
    expect(stampOf(new Date(2026, 0, 2, 3, 4, 5))).toBe('0102 03:04:05');
  });
});

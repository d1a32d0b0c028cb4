import { describe, expect, it } from '@jest/globals';
import { cpuTable, limitsTable, mebibytes, table } from '../../../src/bench/report.js';
import { writeCounts } from '../../../src/bench/writes.js';
import { parseSamples } from '../../../src/bench/prometheus.js';

describe('table', () => {
  it('aligns columns under a dashed header rule', () => {
    expect(table([
      ['name', 'value'],
      ['a', '1'],
      ['longer', '22'],
    ])).toEqual(['name    value', '------  -----', 'a       1', 'longer  22']);
  });

  it('renders nothing for no rows', () => {
    expect(table([])).toEqual([]);
  });
});

describe('mebibytes', () => {
  it('renders bytes in MiB with one decimal', () => {
    expect(mebibytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
  });
});

describe('writeCounts', () => {
  const lab = {
    federation: { name: 'federation', host: '127.0.0.1:1' },
    members: [
      { name: 'member1', host: '127.0.0.1:2' },
      { name: 'member2', host: '127.0.0.1:3' },
    ],
  } as unknown as Parameters<typeof writeCounts>[0];

  it('splits the writes between two scrapes by API server, named by cluster', () => {
    const before = parseSamples('rest_client_requests_total{code="200",method="PATCH",host="127.0.0.1:1"} 5\n');
    const after = parseSamples(`rest_client_requests_total{code="200",method="PATCH",host="127.0.0.1:1"} 9
rest_client_requests_total{code="201",method="POST",host="127.0.0.1:1"} 3
rest_client_requests_total{code="200",method="PATCH",host="127.0.0.1:2"} 10
rest_client_requests_total{code="200",method="GET",host="127.0.0.1:3"} 10
rest_client_requests_total{code="200",method="DELETE",host="127.0.0.1:3"} 1
`);
    expect(writeCounts(lab, before, after)).toEqual({ federation: 7, members: 11, byHost: { federation: 7, member1: 10, member2: 1 } });
  });
});

describe('cpuTable', () => {
  it('shows each group, the total, per-object milliseconds and how many cores were busy', () => {
    const [header, , row] = cpuTable([{ name: 'phase', cpu: { 'member apiservers': 3, 'kubefed controller-manager': 1 }, objects: 2000, wallMs: 2000 }]);
    expect(header).toContain('member apiservers');
    expect(row?.split(/\s{2,}/)).toEqual(['phase', '-', '3.0', '-', '-', '1.0', '-', '4.0', '2.00', '2.00']);
  });
});

describe('limitsTable', () => {
  it('sets kubefed beside both limits and its CPU per copy beside the raw client per write', () => {
    const lines = limitsTable({
      kubefedObjectsPerSecond: 250,
      rawObjectsPerSecond: 700,
      necessaryObjectsPerSecond: 400,
      ratioToRaw: 0.357,
      ratioToNecessary: 0.625,
      cpuRatioToNecessary: 0.32,
      rawClientCpuMsPerWrite: 0.2,
      controllerCpuMsPerCopy: 0.6,
      controllerCpuToClientCpu: 3,
    });
    expect(lines.slice(2).map((line) => line.split(/\s{2,}/))).toEqual([
      ['throughput: kubefed / raw member writes', '0.36 (250.0 / 700.0 objects/s)'],
      ['throughput: kubefed / necessary work', '0.63 (250.0 / 400.0 objects/s)'],
      ['machine CPU per object: necessary work / kubefed (the ratio if CPU-bound)', '0.32'],
      ['raw POST client CPU per member write', '0.200 ms'],
      ['controller CPU per (object x member), first create to idle', '0.600 ms = 3.00 x the raw client\'s'],
    ]);
  });

  it('says n/a where the necessary-work limit was not measured', () => {
    const lines = limitsTable({ kubefedObjectsPerSecond: 250, rawObjectsPerSecond: 700, ratioToRaw: 0.357, rawClientCpuMsPerWrite: 0.2 });
    expect(lines[3]).toMatch(/n\/a \(250\.0 \/ n\/a objects\/s\)/);
    expect(lines[4]).toMatch(/CPU-bound\)\s+n\/a$/);
    expect(lines[6]).toMatch(/n\/a ms = n\/a x/);
  });
});

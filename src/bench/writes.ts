// Counting the controller-manager's writes per API server from two /metrics scrapes.
import type { BenchLab } from './bench-lab.js';
import { difference, type Sample, sumSamples, writesByHost } from './prometheus.js';
import type { WriteCounts } from './results.js';

/** writeCounts splits the writes between two scrapes into those to the federation API server and those to members. */
export function writeCounts(lab: Pick<BenchLab, 'federation' | 'members'>, before: readonly Sample[], after: readonly Sample[]): WriteCounts {
  const delta = difference(writesByHost(after), writesByHost(before));
  const members = new Set(lab.members.map((member) => member.host));
  let federation = 0;
  let memberWrites = 0;
  const byHost: Record<string, number> = {};
  for (const [host, count] of delta) {
    const name = host === lab.federation.host ? lab.federation.name : (lab.members.find((member) => member.host === host)?.name ?? host);
    byHost[name] = count;
    if (host === lab.federation.host) {
      federation += count;
    } else if (members.has(host)) {
      memberWrites += count;
    }
  }
  return { federation, members: memberWrites, byHost };
}

/** counterDelta is how much a counter (summed over the given labels) grew between two scrapes. */
export function counterDelta(before: readonly Sample[], after: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  return sumSamples(after, name, labels) - sumSamples(before, name, labels);
}

// Counting the controller-manager's writes per API server from two /metrics scrapes.
import type { BenchLab } from './bench-lab.js';
import { apiServerWriteVerbs, difference, parseSamples, requestsByResource, type Sample, sumSamples, writesByHost } from './prometheus.js';
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

/** apiServerSamples scrapes an API server's own /metrics (the benchmark's clients are the lab's admins). */
export async function apiServerSamples(cluster: Pick<BenchLab['federation'], 'writer'>): Promise<Sample[]> {
  return parseSamples(await cluster.writer.request<string>({ path: '/metrics', text: true }));
}

/**
 * requestCounts is what the requests with one of the verbs (writes by default) an API server took between
 * two scrapes of its /metrics were, per "VERB resource[/subresource]", everyone's (the benchmark's own
 * included); none that did not grow. Scrapes of several API servers concatenated give their sum.
 */
export function requestCounts(before: readonly Sample[], after: readonly Sample[], verbs = apiServerWriteVerbs): Record<string, number> {
  const delta = difference(requestsByResource(after, verbs), requestsByResource(before, verbs));
  return Object.fromEntries([...delta].filter(([, count]) => count > 0).sort(([a], [b]) => (a < b ? -1 : 1)));
}

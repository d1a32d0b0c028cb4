// Writes counted where they land: each lab API server's apiserver_request_total, by resource. The same count for every
// system, whatever client library it uses, and no system's own metrics are trusted for it.
import type { BenchLab } from '../bench-lab.js';
import { parseSamples, type Sample } from '../prometheus.js';

/** The verbs apiserver_request_total gives requests that change something (APPLY is a server-side apply PATCH). */
export const apiserverWriteVerbs: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'APPLY', 'DELETE', 'DELETECOLLECTION']);

/** Writes per cluster, then per resource ("deployments", "deployments/status"). */
export type WriteTally = Record<string, Record<string, number>>;

/** Heartbeats of the lab itself (apiserver identity leases, kwok's node leases and node status), never a system's work. */
export const backgroundResources: ReadonlySet<string> = new Set(['leases', 'nodes', 'nodes/status']);

/** resourceWrites sums the write requests of one scrape by resource (with its subresource). Pure. */
export function resourceWrites(samples: readonly Sample[]): Record<string, number> {
  const writes: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name !== 'apiserver_request_total' || !apiserverWriteVerbs.has(sample.labels.verb ?? '')) {
      continue;
    }
    const resource = sample.labels.subresource ? `${sample.labels.resource}/${sample.labels.subresource}` : (sample.labels.resource ?? '');
    writes[resource] = (writes[resource] ?? 0) + sample.value;
  }
  return writes;
}

/** tallyDelta is after − before for every cluster and resource, leaving out what did not change. Pure. */
export function tallyDelta(after: WriteTally, before: WriteTally): WriteTally {
  const delta: WriteTally = {};
  for (const [cluster, resources] of Object.entries(after)) {
    for (const [resource, count] of Object.entries(resources)) {
      const change = count - (before[cluster]?.[resource] ?? 0);
      if (change !== 0) {
        (delta[cluster] ??= {})[resource] = change;
      }
    }
  }
  return delta;
}

export interface WriteSelection {
  /** Only these clusters. */
  clusters?: (cluster: string) => boolean;
  /** Only resources this accepts. */
  resources?: (resource: string, cluster: string) => boolean;
}

/** sumWrites adds up a tally, background resources excluded, within a selection. Pure. */
export function sumWrites(tally: WriteTally, selection: WriteSelection = {}): number {
  let sum = 0;
  for (const [cluster, resources] of Object.entries(tally)) {
    if (selection.clusters && !selection.clusters(cluster)) {
      continue;
    }
    for (const [resource, count] of Object.entries(resources)) {
      if (!backgroundResources.has(resource) && (selection.resources?.(resource, cluster) ?? true)) {
        sum += count;
      }
    }
  }
  return sum;
}

/** scrapeWrites reads every lab API server's write counts (the admin token may read /metrics). */
export async function scrapeWrites(lab: Pick<BenchLab, 'federation' | 'members'>): Promise<WriteTally> {
  const tally: WriteTally = {};
  await Promise.all(
    [lab.federation, ...lab.members].map(async (cluster) => {
      const text = await cluster.writer.request<string>({ path: '/metrics', text: true });
      tally[cluster.name] = resourceWrites(parseSamples(text));
    }),
  );
  return tally;
}

// Pure parsing of the Prometheus text format the controller-manager serves on /metrics.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const sampleLine = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const labelPair = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** parseSamples reads every sample line of a Prometheus text exposition; comments and blank lines are skipped. */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      continue;
    }
    const match = sampleLine.exec(line);
    if (!match) {
      continue;
    }
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(labelPair)) {
      const [, key = '', value = ''] = pair;
      labels[key] = value.replace(/\\(.)/g, (_all, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    }
    const [, name = '', , value] = match;
    samples.push({ name, labels, value: Number(value) });
  }
  return samples;
}

/** sumSamples adds up the samples of one metric whose labels include all of the given ones. */
export function sumSamples(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((total, sample) => total + sample.value, 0);
}

/** The HTTP methods that change something on an API server. */
export const writeMethods: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** writesByHost counts rest_client_requests_total samples with a writing method, per host. */
export function writesByHost(samples: readonly Sample[]): Map<string, number> {
  const byHost = new Map<string, number>();
  for (const sample of samples) {
    if (sample.name === 'rest_client_requests_total' && writeMethods.has(sample.labels.method ?? '')) {
      const host = sample.labels.host ?? '';
      byHost.set(host, (byHost.get(host) ?? 0) + sample.value);
    }
  }
  return byHost;
}

/** The verbs kube-apiserver's apiserver_request_total gives requests that change something. */
export const apiServerWriteVerbs: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'APPLY', 'DELETE', 'DELETECOLLECTION']);

/** The verbs it gives reads (a WATCH is counted when it ends). */
export const apiServerReadVerbs: ReadonlySet<string> = new Set(['GET', 'LIST', 'WATCH']);

/**
 * requestsByResource counts an API server's own apiserver_request_total samples with one of the verbs,
 * per "VERB resource[/subresource]" (e.g. "PATCH deployments/status"): what the requests to it were.
 */
export function requestsByResource(samples: readonly Sample[], verbs: ReadonlySet<string>): Map<string, number> {
  const byRequest = new Map<string, number>();
  for (const sample of samples) {
    const { verb = '', resource = '', subresource = '' } = sample.labels;
    if (sample.name === 'apiserver_request_total' && verbs.has(verb)) {
      const request = `${verb} ${resource}${subresource === '' ? '' : `/${subresource}`}`;
      byRequest.set(request, (byRequest.get(request) ?? 0) + sample.value);
    }
  }
  return byRequest;
}

/** difference is after − before for every key of either map (a counter that appeared counts from 0). */
export function difference(after: ReadonlyMap<string, number>, before: ReadonlyMap<string, number>): Map<string, number> {
  const result = new Map<string, number>();
  for (const key of new Set([...after.keys(), ...before.keys()])) {
    result.set(key, (after.get(key) ?? 0) - (before.get(key) ?? 0));
  }
  return result;
}

import type { KubeObject } from '../../core/objects.js';
import { isJsonObject } from '../../scheduling/go-json.js';

/** portKey names a Service port as its list-map key does (port and protocol, TCP by default), e.g. "80/TCP". */
export function portKey(port: { port?: unknown; protocol?: unknown }): string {
  return `${String(port.port)}/${typeof port.protocol === 'string' ? port.protocol : 'TCP'}`;
}

/**
 * userNodePorts lists the ports (by portKey) whose nodePort someone set: a managedFields entry owns
 * it. A node port the API server allocated is owned by no one, so it is not listed. Sending a user's
 * port to every member lets one external load balancer target the same port everywhere; sending an
 * allocated one would only collide with the members' own allocations.
 */
export function userNodePorts(object: KubeObject): string[] {
  const keys = new Set<string>();
  for (const entry of object.metadata.managedFields ?? []) {
    const ports = field(field(field(entry, 'fieldsV1'), 'f:spec'), 'f:ports');
    for (const [key, fields] of Object.entries(isJsonObject(ports) ? ports : {})) {
      const port = key.startsWith('k:') && field(fields, 'f:nodePort') !== undefined ? parseKey(key.slice(2)) : undefined;
      if (port) {
        keys.add(portKey(port));
      }
    }
  }
  return [...keys].sort();
}

/** field reads one field of a managedFields entry, which is JSON of no declared shape. */
function field(value: unknown, name: string): unknown {
  return isJsonObject(value) ? value[name] : undefined;
}

function parseKey(text: string): { port?: unknown; protocol?: unknown } | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

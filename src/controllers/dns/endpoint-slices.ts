import type { KubeObject } from '../../core/objects.js';
import { isJsonObject } from '../../scheduling/go-json.js';

/** sliceServiceLabel is the well-known label tying an EndpointSlice to its Service. */
export const sliceServiceLabel = 'kubernetes.io/service-name';

/** ServingSlice is an EndpointSlice cut down to what DNS needs: which Service, and whether any endpoint is ready. */
export interface ServingSlice extends KubeObject {
  ready: boolean;
}

/**
 * servingSlice is the member informer's transform for EndpointSlices: members may hold thousands of
 * endpoints, and DNS only asks whether a Service has one that is ready. A missing ready condition
 * means unknown, which the EndpointSlice API says consumers should treat as ready.
 */
export function servingSlice(slice: KubeObject): KubeObject {
  const { name, namespace, resourceVersion, labels } = slice.metadata;
  const service = labels?.[sliceServiceLabel];
  const served: ServingSlice = {
    apiVersion: slice.apiVersion,
    kind: slice.kind,
    metadata: { name, namespace, resourceVersion, labels: service === undefined ? {} : { [sliceServiceLabel]: service } },
    ready: (Array.isArray(slice.endpoints) ? slice.endpoints : []).some((endpoint) => !isJsonObject(endpoint) || !isJsonObject(endpoint.conditions) || endpoint.conditions.ready !== false),
  };
  return served;
}

/** sliceServiceKey is the "namespace/name" key of the Service a slice belongs to, if it names one. */
export function sliceServiceKey(slice: KubeObject): string | undefined {
  const service = slice.metadata.labels?.[sliceServiceLabel];
  return service === undefined || service === '' ? undefined : `${slice.metadata.namespace}/${service}`;
}

/**
 * ReadyEndpoints indexes one member's slices by Service, so a reconcile asks "any ready endpoint?"
 * without scanning every slice in the member. It is fed by the slice informer's events.
 */
export class ReadyEndpoints {
  readonly #byService = new Map<string, Map<string, boolean>>();

  /** set records a slice (added or updated) and returns the key of its Service. */
  set(slice: KubeObject): string | undefined {
    const key = sliceServiceKey(slice);
    if (key !== undefined) {
      let slices = this.#byService.get(key);
      if (!slices) {
        slices = new Map();
        this.#byService.set(key, slices);
      }
      slices.set(slice.metadata.name ?? '', slice.ready === true);
    }
    return key;
  }

  /** delete forgets a slice and returns the key of its Service. */
  delete(slice: KubeObject): string | undefined {
    const key = sliceServiceKey(slice);
    const slices = key === undefined ? undefined : this.#byService.get(key);
    if (key !== undefined && slices) {
      slices.delete(slice.metadata.name ?? '');
      if (slices.size === 0) {
        this.#byService.delete(key);
      }
    }
    return key;
  }

  hasReady(serviceKey: string): boolean {
    return [...(this.#byService.get(serviceKey)?.values() ?? [])].some(Boolean);
  }
}

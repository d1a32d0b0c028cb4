import type { CapacityEstimate } from '../../scheduling/capacity.js';
import { describeJson, isJsonObject } from '../../scheduling/go-json.js';
import { capacityAnnotation } from '../well-known.js';
import { type AnnotationCodec, AnnotationError, clusterMapCodec } from './codec.js';
import { isCount } from './placement.js';

/** CapacityEstimates is the capacity annotation: members found short of room, by member. */
export type CapacityEstimates = Record<string, CapacityEstimate>;

/** capacityCodec reads and writes federation.kubefed.dev/capacity, e.g. {"gcek8s":{"replicas":2,"nodes":"…","at":1700000000000}}. */
export const capacityCodec: AnnotationCodec<CapacityEstimates> = clusterMapCodec(capacityAnnotation, 'capacity', readEstimate);

function readEstimate(where: string, estimate: unknown): CapacityEstimate {
  if (!isJsonObject(estimate)) {
    throw new AnnotationError(capacityAnnotation, `${where} must be an object, got ${describeJson(estimate)}`);
  }
  const { replicas, nodes, at } = estimate;
  if (!isCount(replicas)) {
    throw new AnnotationError(capacityAnnotation, `${where}.replicas must be a non-negative integer, got ${describeJson(replicas)}`);
  }
  if (typeof at !== 'number' || !Number.isFinite(at)) {
    throw new AnnotationError(capacityAnnotation, `${where}.at must be a time in milliseconds, got ${describeJson(at)}`);
  }
  if (nodes === undefined) {
    return { replicas, at };
  }
  if (typeof nodes !== 'string') {
    throw new AnnotationError(capacityAnnotation, `${where}.nodes must be a string, got ${describeJson(nodes)}`);
  }
  return { replicas, nodes, at };
}

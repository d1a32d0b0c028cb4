import { isJsonObject } from '../scheduling/go-json.js';
import type { LabelSelector } from './label-selector.js';
import type { KubeObject, ObjectStatus } from './objects.js';

// The kinds kubefed reads beyond metadata, narrowed to the fields it reads; every other field passes
// through untouched (the index signatures), so a copy sent to a member loses nothing.

/** LoadBalancerIngress is one address of a load balancer, as Services and Ingresses report it. */
export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  [field: string]: unknown;
}

/** LoadBalancerStatus is the status of a Service or an Ingress. */
export interface LoadBalancerStatus extends ObjectStatus {
  loadBalancer?: { ingress?: LoadBalancerIngress[] };
}

/** WorkloadSpec is what kubefed reads of a Deployment's or ReplicaSet's spec. */
export interface WorkloadSpec {
  replicas?: number;
  selector?: LabelSelector;
  [field: string]: unknown;
}

export interface WorkloadStatus extends ObjectStatus {
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
}

/** Workload is a Deployment or a ReplicaSet. */
export type Workload = KubeObject<WorkloadSpec, WorkloadStatus>;

export interface ScaleTargetReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
}

export interface HpaSpec {
  minReplicas?: number;
  maxReplicas: number;
  scaleTargetRef?: ScaleTargetReference;
  [field: string]: unknown;
}

export interface HpaStatus extends ObjectStatus {
  currentReplicas?: number;
  desiredReplicas?: number;
  lastScaleTime?: string;
}

/** HorizontalPodAutoscaler is an autoscaling/v2 HorizontalPodAutoscaler. */
export type HorizontalPodAutoscaler = KubeObject<HpaSpec, HpaStatus>;

export interface JobSpec {
  parallelism?: number;
  completions?: number;
  manualSelector?: boolean;
  selector?: unknown;
  template?: { metadata?: { labels?: Record<string, string> } };
  [field: string]: unknown;
}

export interface JobStatus extends ObjectStatus {
  startTime?: string;
  completionTime?: string;
}

export type Job = KubeObject<JobSpec, JobStatus>;

export interface ServicePort {
  port?: number;
  protocol?: string;
  nodePort?: number;
  [field: string]: unknown;
}

export interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
  [field: string]: unknown;
}

export type Service = KubeObject<ServiceSpec, LoadBalancerStatus>;

/** Secret is a core/v1 Secret; data holds base64 strings. */
export interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  immutable?: boolean;
}

/** scaleTargetOf reads the scaleTargetRef of an HPA held as an object of any kind, checking each field. */
export function scaleTargetOf(hpa: KubeObject): ScaleTargetReference | undefined {
  const target = isJsonObject(hpa.spec) ? hpa.spec.scaleTargetRef : undefined;
  if (!isJsonObject(target)) {
    return undefined;
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { apiVersion: text(target.apiVersion), kind: text(target.kind), name: text(target.name) };
}

/** numberIn reads a numeric field of JSON of unknown shape (a spec or status of an object of any kind). */
export function numberIn(value: unknown, field: string): number | undefined {
  const found = isJsonObject(value) ? value[field] : undefined;
  return typeof found === 'number' ? found : undefined;
}

/** replicasOf reads spec.replicas of an object of any kind. */
export function replicasOf(object: KubeObject | undefined): number | undefined {
  return numberIn(object?.spec, 'replicas');
}

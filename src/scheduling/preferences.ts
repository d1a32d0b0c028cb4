import { describeJson, isJsonObject, parseJson, readGoFields } from './go-json.js';

/** Replica preferences of a federated Deployment. */
export const deploymentPreferencesAnnotation = 'federation.kubernetes.io/deployment-preferences';
/** Replica preferences of a federated ReplicaSet. */
export const replicaSetPreferencesAnnotation = 'federation.kubernetes.io/replica-set-preferences';
/** Parallelism and completions preferences of a federated Job. */
export const jobPreferencesAnnotation = 'federation.kubernetes.io/job-preferences';

/** How one cluster (or `*`, any cluster without its own entry) wants replicas; maxReplicas absent = unbounded. */
export interface ClusterPreferences {
  minReplicas: number;
  maxReplicas?: number;
  weight: number;
}

/** v1's ReplicaAllocationPreferences; a cluster with neither its own entry nor `*` gets nothing. */
export interface ReplicaPreferences {
  rebalance: boolean;
  clusters: Record<string, ClusterPreferences>;
}

/** What v1 used when the annotation is absent: spread evenly, never move running replicas. */
export const defaultPreferences: ReplicaPreferences = Object.freeze({
  rebalance: false,
  clusters: Object.freeze({ '*': Object.freeze({ minReplicas: 0, weight: 1 }) }),
});

/** The preferences annotation cannot be used; the caller keeps the last good placement. */
export class PreferencesError extends Error {
  override readonly name = 'PreferencesError';
}

/**
 * Parses a preferences annotation; undefined (no annotation) gives defaultPreferences.
 * Field names match case-insensitively as in v1's Go decoder; cluster names are taken as written.
 * Unlike v1, which logged and fell back to the defaults, anything unusable throws PreferencesError.
 */
export function parsePreferences(annotation: string | undefined): ReplicaPreferences {
  if (annotation === undefined) {
    return defaultPreferences;
  }
  const parsed = parseJson(annotation, (message) => new PreferencesError(`preferences: invalid JSON: ${message}`));
  if (!isJsonObject(parsed)) {
    throw new PreferencesError(`preferences: must be a JSON object, got ${describeJson(parsed)}`);
  }
  const fields = readGoFields(parsed, ['rebalance', 'clusters']);
  return { rebalance: readRebalance(fields.rebalance), clusters: readClusters(fields.clusters) };
}

// JSON null leaves a Go field at its zero value, so null means the default throughout.
function readRebalance(value: unknown): boolean {
  if (value === undefined || value === null) {
    return false;
  }
  if (typeof value !== 'boolean') {
    throw new PreferencesError(`preferences: rebalance must be true or false, got ${describeJson(value)}`);
  }
  return value;
}

function readClusters(value: unknown): Record<string, ClusterPreferences> {
  if (value === undefined || value === null) {
    return {};
  }
  if (!isJsonObject(value)) {
    const got = describeJson(value);
    throw new PreferencesError(`preferences: clusters must be an object keyed by cluster name, got ${got}`);
  }
  // fromEntries defines own properties, so even a cluster called "__proto__" stays an ordinary entry.
  return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, readCluster(name, entry)]));
}

function readCluster(name: string, entry: unknown): ClusterPreferences {
  const where = `preferences: clusters[${JSON.stringify(name)}]`;
  if (entry === null) {
    return { minReplicas: 0, weight: 0 };
  }
  if (!isJsonObject(entry)) {
    throw new PreferencesError(`${where} must be an object, got ${describeJson(entry)}`);
  }
  const fields = readGoFields(entry, ['minReplicas', 'maxReplicas', 'weight']);
  const minReplicas = readCount(fields.minReplicas, `${where}.minReplicas`) ?? 0;
  const maxReplicas = readCount(fields.maxReplicas, `${where}.maxReplicas`);
  const weight = readCount(fields.weight, `${where}.weight`) ?? 0;
  if (maxReplicas === undefined) {
    return { minReplicas, weight };
  }
  if (minReplicas > maxReplicas) {
    throw new PreferencesError(`${where}: minReplicas ${minReplicas} is greater than maxReplicas ${maxReplicas}`);
  }
  return { minReplicas, maxReplicas, weight };
}

function readCount(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new PreferencesError(`${where} must be a non-negative integer, got ${describeJson(value)}`);
  }
  return value;
}

import { planReplicas } from './planner.js';
import type { ReplicaPreferences } from './preferences.js';

/** A federated Job's work and where it may run. */
export interface JobSplitInput {
  parallelism: number;
  completions?: number;
  clusters: string[];
  key: string;
  preferences: ReplicaPreferences;
}

/** One cluster's share of a Job; completions is present exactly when the federated Job sets it. */
export interface JobShare {
  parallelism: number;
  completions?: number;
}

/**
 * v1's Job split: parallelism and completions each planned over the same clusters and preferences.
 * v1 could give a cluster completions but no parallelism, so they never ran; here every completion
 * that v1 left on such a cluster, or left unplaced, goes to the clusters that do run pods, in
 * proportion to their parallelism. Completions then sum to the Job's whenever any cluster runs pods.
 */
export function splitJob(input: JobSplitInput): Record<string, JobShare> {
  const { completions, key, preferences } = input;
  const clusters = [...new Set(input.clusters)].sort();
  const parallelism = planReplicas({ replicas: input.parallelism, clusters, key, preferences }).replicas;
  const result: Record<string, JobShare> = {};
  if (completions === undefined) {
    for (const cluster of clusters) {
      result[cluster] = { parallelism: parallelism[cluster] ?? 0 };
    }
    return result;
  }

  const planned = planReplicas({ replicas: completions, clusters, key, preferences }).replicas;
  const running = clusters.filter((cluster) => (parallelism[cluster] ?? 0) > 0);
  const placed = running.reduce((sum, cluster) => sum + (planned[cluster] ?? 0), 0);
  const stranded = completions - placed;
  // Weights = parallelism and no limits, so the planner places every stranded completion.
  const byParallelism: ReplicaPreferences = {
    rebalance: true,
    clusters: Object.fromEntries(
      running.map((cluster) => [cluster, { minReplicas: 0, weight: parallelism[cluster] ?? 0 }]),
    ),
  };
  const moved =
    stranded > 0 && running.length > 0
      ? planReplicas({ replicas: stranded, clusters: running, key, preferences: byParallelism }).replicas
      : {};
  for (const cluster of clusters) {
    const share = parallelism[cluster] ?? 0;
    result[cluster] = {
      parallelism: share,
      completions: share > 0 ? (planned[cluster] ?? 0) + (moved[cluster] ?? 0) : 0,
    };
  }
  return result;
}

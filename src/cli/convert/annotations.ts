import type { KubeObject } from '../../core/objects.js';
import { clusterSelectorAnnotation, parseClusterSelector } from '../../scheduling/cluster-selector.js';
import { deploymentPreferencesCodec, jobPreferencesCodec, replicaSetPreferencesCodec } from '../../core/annotations/preferences.js';
import { deploymentPreferencesAnnotation, jobPreferencesAnnotation, replicaSetPreferencesAnnotation } from '../../scheduling/preferences.js';
import { errorMessage } from '../../kube/errors.js';

/** The preferences annotation each replica-split kind reads (v1's keys). */
export const preferencesAnnotationOf: Record<string, string> = {
  Deployment: deploymentPreferencesAnnotation,
  ReplicaSet: replicaSetPreferencesAnnotation,
  Job: jobPreferencesAnnotation,
};

const preferenceCodecs = [deploymentPreferencesCodec, replicaSetPreferencesCodec, jobPreferencesCodec];

/**
 * annotationNotes checks the federation annotations convert keeps unchanged: a selector or
 * preferences the controller could not use would otherwise only show up as a Warning event later,
 * and a preferences key another kind reads is silently ignored.
 */
export function annotationNotes(object: KubeObject): string[] {
  const annotations = object.metadata?.annotations ?? {};
  const notes: string[] = [];
  const selector = annotations[clusterSelectorAnnotation];
  if (selector !== undefined) {
    try {
      parseClusterSelector(selector);
    } catch (error) {
      notes.push(`warning: ${clusterSelectorAnnotation} cannot be used (${errorMessage(error)}); kubefed will record InvalidClusterSelector`);
    }
  }
  const own = preferencesAnnotationOf[String(object.kind)];
  for (const codec of preferenceCodecs) {
    const key = codec.annotation;
    const value = annotations[key];
    if (value === undefined) {
      continue;
    }
    if (key !== own) {
      notes.push(`warning: ${key} is ignored on a ${String(object.kind)}${own ? `; it reads ${own}` : ''}`);
      continue;
    }
    try {
      codec.decode(value);
    } catch (error) {
      notes.push(`warning: ${key} cannot be used (${errorMessage(error)}); kubefed will record InvalidPreferences`);
    }
  }
  return notes;
}

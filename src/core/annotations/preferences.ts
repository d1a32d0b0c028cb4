import {
  deploymentPreferencesAnnotation,
  jobPreferencesAnnotation,
  parsePreferences,
  PreferencesError,
  replicaSetPreferencesAnnotation,
  type ReplicaPreferences,
} from '../../scheduling/preferences.js';
import { canonicalJson } from '../propagation/canonical.js';
import { type AnnotationCodec, AnnotationError } from './codec.js';

/**
 * preferencesCodec reads and writes one of v1's preferences annotations (deployment-, replica-set- or
 * job-preferences). Decoding is v1's (scheduling/preferences.ts: Go's case-insensitive field names,
 * null as the zero value); an absent annotation means defaultPreferences, which the caller applies.
 */
export function preferencesCodec(annotation: string): AnnotationCodec<ReplicaPreferences> {
  return {
    annotation,
    decode(text) {
      try {
        return parsePreferences(text);
      } catch (error) {
        if (error instanceof PreferencesError) {
          throw new AnnotationError(annotation, error.message);
        }
        throw error;
      }
    },
    encode: (preferences) => canonicalJson(preferences),
  };
}

export const deploymentPreferencesCodec = preferencesCodec(deploymentPreferencesAnnotation);
export const replicaSetPreferencesCodec = preferencesCodec(replicaSetPreferencesAnnotation);
export const jobPreferencesCodec = preferencesCodec(jobPreferencesAnnotation);

/**
 * One codec per annotation that kubefed reads and writes as JSON: placement.ts (the replica split),
 * capacity.ts (members found short of room), preferences.ts (v1's replica preferences). The
 * reconciler, the status report and the CLI all read them through these, so they can never disagree
 * on what an annotation says. (The overrides annotation's codec is to join them here as overrides.ts.)
 */

import { describeJson, isJsonObject } from '../../scheduling/go-json.js';
import { canonicalJson } from '../propagation/canonical.js';

/** AnnotationError says precisely why an annotation's text cannot be used; message names the part at fault. */
export class AnnotationError extends Error {
  override readonly name = 'AnnotationError';

  constructor(
    readonly annotation: string,
    message: string,
  ) {
    super(message);
  }
}

/** AnnotationCodec reads and writes one annotation. decode(encode(value)) equals value. */
export interface AnnotationCodec<Value> {
  readonly annotation: string;
  /** decode parses the annotation's text; anything unusable throws AnnotationError. */
  decode(text: string): Value;
  /** encode writes canonical text (sorted keys), so that equal values give equal annotations. */
  encode(value: Value): string;
}

/** readAnnotation decodes the codec's annotation: undefined when it is absent; AnnotationError when it is unusable. */
export function readAnnotation<Value>(codec: AnnotationCodec<Value>, annotations: Readonly<Record<string, string>> | undefined): Value | undefined {
  const text = annotations?.[codec.annotation];
  return text === undefined ? undefined : codec.decode(text);
}

/**
 * readAnnotationIfValid is for annotations kubefed writes itself (placement, capacity): one that was
 * tampered with into something unusable counts as absent, and the next reconcile writes it anew.
 */
export function readAnnotationIfValid<Value>(codec: AnnotationCodec<Value>, annotations: Readonly<Record<string, string>> | undefined): Value | undefined {
  try {
    return readAnnotation(codec, annotations);
  } catch (error) {
    if (error instanceof AnnotationError) {
      return undefined;
    }
    throw error;
  }
}

/**
 * clusterMapCodec is the codec of an annotation holding a JSON object keyed by cluster name (placement,
 * capacity); readEntry checks one cluster's entry, `where` naming it for errors (e.g. placement["gcek8s"]).
 */
export function clusterMapCodec<Entry>(
  annotation: string,
  label: string,
  readEntry: (where: string, entry: unknown) => Entry,
): AnnotationCodec<Record<string, Entry>> {
  return {
    annotation,
    decode(text) {
      const parsed = parseJson(annotation, label, text);
      if (!isJsonObject(parsed)) {
        throw new AnnotationError(annotation, `${label}: must be a JSON object keyed by cluster name, got ${describeJson(parsed)}`);
      }
      // fromEntries defines own properties, so even a cluster called "__proto__" stays an ordinary entry.
      return Object.fromEntries(Object.entries(parsed).map(([cluster, entry]) => [cluster, readEntry(`${label}[${JSON.stringify(cluster)}]`, entry)]));
    },
    encode: (entries) => canonicalJson(entries),
  };
}

/** parseJson parses an annotation's text, turning a syntax error into an AnnotationError. */
function parseJson(annotation: string, label: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AnnotationError(annotation, `${label}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

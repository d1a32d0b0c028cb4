import { describeJson, isJsonObject, isStringArray, parseJson, readGoFields } from './go-json.js';
import { labelKeyProblem, labelValueProblem, parseInt64 } from './label-syntax.js';

/** The annotation on a federated object that restricts which clusters receive it. */
export const clusterSelectorAnnotation = 'federation.alpha.kubernetes.io/cluster-selector';

/** A label-selector operator, named as in k8s.io/apimachinery/pkg/selection. */
export type SelectorOperator =
  | 'In'
  | 'NotIn'
  | 'Equals'
  | 'DoubleEquals'
  | 'NotEquals'
  | 'Exists'
  | 'DoesNotExist'
  | 'GreaterThan'
  | 'LessThan';

/** One validated requirement; a selector is the AND of its requirements. */
export interface ClusterRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

/** The selector annotation cannot be used; the object must then reach no cluster. */
export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}

// Exactly the spellings v1's ConvertOperator accepted; anything else was an empty, invalid operator.
const operatorSpellings = new Map<string, SelectorOperator>([
  ['!', 'DoesNotExist'],
  ['DoesNotExist', 'DoesNotExist'],
  ['=', 'Equals'],
  ['==', 'DoubleEquals'],
  ['in', 'In'],
  ['In', 'In'],
  ['!=', 'NotEquals'],
  ['notin', 'NotIn'],
  ['NotIn', 'NotIn'],
  ['exists', 'Exists'],
  ['Exists', 'Exists'],
  ['gt', 'GreaterThan'],
  ['Gt', 'GreaterThan'],
  ['>', 'GreaterThan'],
  ['lt', 'LessThan'],
  ['Lt', 'LessThan'],
  ['<', 'LessThan'],
]);

/**
 * Parses and validates the cluster-selector annotation; undefined (no annotation) selects every cluster.
 * Requirements are numbered from 1 in error messages.
 */
export function parseClusterSelector(annotation: string | undefined): ClusterRequirement[] {
  if (annotation === undefined) {
    return [];
  }
  const parsed = parseJson(annotation, (message) => new SelectorError(`cluster-selector: invalid JSON: ${message}`));
  return parseClusterRequirements(parsed, 'cluster-selector');
}

/**
 * parseClusterRequirements validates an already parsed selector (a JSON array of requirements), for
 * formats that embed one (the overrides annotation); `where` starts every error message.
 */
export function parseClusterRequirements(parsed: unknown, where: string): ClusterRequirement[] {
  if (!Array.isArray(parsed)) {
    throw new SelectorError(`${where}: must be a JSON array of requirements, got ${describeJson(parsed)}`);
  }
  return parsed.map((item, index) => {
    try {
      return parseRequirement(item);
    } catch (error) {
      throw new SelectorError(`${where}: requirement ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

// Checks in the order of apimachinery's NewRequirement, so the first problem reported is v1's.
function parseRequirement(item: unknown): ClusterRequirement {
  if (!isJsonObject(item)) {
    throw new Error(`must be an object with key, operator and values, got ${describeJson(item)}`);
  }
  const fields = readGoFields(item, ['key', 'operator', 'values']);
  const key = readString(fields.key, 'key');
  const spelling = readString(fields.operator, 'operator');
  const values = readValues(fields.values);
  const keyProblem = labelKeyProblem(key);
  if (keyProblem !== undefined) {
    throw new Error(`key ${JSON.stringify(key)} is not a valid label key: ${keyProblem}`);
  }
  const operator = operatorSpellings.get(spelling);
  if (operator === undefined) {
    const accepted = [...operatorSpellings.keys()].join(', ');
    throw new Error(`operator ${JSON.stringify(spelling)} is not one of ${accepted}`);
  }
  checkValueCount(operator, spelling, values);
  for (const value of values) {
    const valueProblem = labelValueProblem(value);
    if (valueProblem !== undefined) {
      throw new Error(`value ${JSON.stringify(value)} is not a valid label value: ${valueProblem}`);
    }
  }
  return { key, operator, values };
}

function checkValueCount(operator: SelectorOperator, spelling: string, values: string[]): void {
  const count = values.length;
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (count === 0) {
        throw new Error(`operator "${spelling}" needs at least one value`);
      }
      return;
    case 'Equals':
    case 'DoubleEquals':
    case 'NotEquals':
      if (count !== 1) {
        throw new Error(`operator "${spelling}" needs exactly one value, got ${count}`);
      }
      return;
    case 'Exists':
    case 'DoesNotExist':
      if (count !== 0) {
        throw new Error(`operator "${spelling}" takes no values, got ${count}`);
      }
      return;
    case 'GreaterThan':
    case 'LessThan':
      if (count !== 1) {
        throw new Error(`operator "${spelling}" needs exactly one value, got ${count}`);
      }
      if (parseInt64(values[0] ?? '') === undefined) {
        throw new Error(`operator "${spelling}" needs an int64 value, got ${JSON.stringify(values[0])}`);
      }
  }
}

// Go decodes JSON null into a string as "", which then fails validation like an empty string.
function readString(value: unknown, field: string): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value !== 'string') {
    throw new Error(`${field} must be a string, got ${describeJson(value)}`);
  }
  return value;
}

function readValues(value: unknown): string[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!isStringArray(value)) {
    throw new Error(`values must be an array of strings, got ${describeJson(value)}`);
  }
  return value;
}

/** True when a cluster with `labels` satisfies every requirement (v1's label-selector matching). */
export function matchesClusterSelector(
  requirements: ClusterRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  return requirements.every((requirement) => matchesRequirement(requirement, labels ?? {}));
}

function matchesRequirement({ key, operator, values }: ClusterRequirement, labels: Record<string, string>): boolean {
  // Own properties only: a label named "constructor" must not be found on Object.prototype.
  const label = Object.hasOwn(labels, key) ? labels[key] : undefined;
  switch (operator) {
    case 'In':
    case 'Equals':
    case 'DoubleEquals':
      return label !== undefined && values.includes(label);
    case 'NotIn':
    case 'NotEquals':
      return label === undefined || !values.includes(label);
    case 'Exists':
      return label !== undefined;
    case 'DoesNotExist':
      return label === undefined;
    case 'GreaterThan':
    case 'LessThan':
      return compareInt64(label, values[0], operator);
  }
}

function compareInt64(label: string | undefined, bound: string | undefined, operator: SelectorOperator): boolean {
  const actual = label === undefined ? undefined : parseInt64(label);
  const limit = bound === undefined ? undefined : parseInt64(bound);
  if (actual === undefined || limit === undefined) {
    return false;
  }
  return operator === 'GreaterThan' ? actual > limit : actual < limit;
}

import { parseClusterRequirements, SelectorError } from '../../scheduling/cluster-selector.js';
import { describeJson, isJsonObject, type JsonObject } from '../../scheduling/go-json.js';
import { labelKeyProblem, labelValueProblem } from '../../scheduling/label-syntax.js';
import { overridesAnnotation } from '../well-known.js';
import { forbiddenReason } from './forbidden.js';
import { partProblems } from './image.js';
import { formatPointer, parsePointer, type PatchOperation, type Pointer } from './json-patch.js';
import { type ArgsChange, type EnvChange, type ImageChange, type MapChange, type OverrideRule, OverridesError } from './rules.js';

/** A field that cannot be read: its location (overrides[1].image[0].tag) goes in front of the problem. */
class FieldError extends Error {}

const ruleFields = ['clusters', 'clusterSelector', 'image', 'env', 'args', 'labels', 'annotations', 'podLabels', 'podAnnotations', 'patches'];
const changeFields = ['image', 'env', 'args', 'labels', 'annotations', 'podLabels', 'podAnnotations', 'patches'];

/**
 * parseOverrides reads the overrides annotation (absent: no rules). computedPaths are the fields the
 * object's kind computes for each member; a rule that touches one is invalid. Every problem that can be
 * seen without a member copy is found here, the first one is thrown as an OverridesError naming the rule
 * and the field.
 */
export function parseOverrides(text: string | undefined, computedPaths: readonly Pointer[] = []): OverrideRule[] {
  if (text === undefined) {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new OverridesError(`${overridesAnnotation}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(parsed)) {
    throw new OverridesError(`${overridesAnnotation}: must be a JSON list of rules, got ${describeJson(parsed)}`);
  }
  return parsed.map((item, index) => {
    try {
      return readRule(item, index, computedPaths);
    } catch (error) {
      if (error instanceof FieldError) {
        throw new OverridesError(`${overridesAnnotation}: overrides[${index}]${error.message}`);
      }
      throw error;
    }
  });
}

function readRule(item: unknown, index: number, computedPaths: readonly Pointer[]): OverrideRule {
  const rule = object(item, '', ruleFields);
  if (rule.clusters === undefined && rule.clusterSelector === undefined) {
    throw new FieldError(': names no clusters; give clusters, clusterSelector or both (clusterSelector [] selects every cluster)');
  }
  if (!changeFields.some((field) => rule[field] !== undefined)) {
    throw new FieldError(`: changes nothing; give at least one of ${changeFields.join(', ')}`);
  }
  const labels = optional(rule.labels, (value) => mapChange(value, '.labels', labelValue));
  const annotations = optional(rule.annotations, (value) => mapChange(value, '.annotations', () => undefined));
  for (const [field, change] of [['labels', labels], ['annotations', annotations]] as const) {
    for (const key of mapChangeKeys(change)) {
      const reason = forbiddenReason(['metadata', field, key], computedPaths);
      if (reason) {
        throw new FieldError(`.${field}: ${reason}`);
      }
    }
  }
  return {
    index,
    ...optionalField('clusters', rule.clusters, (value) => strings(value, '.clusters')),
    ...optionalField('clusterSelector', rule.clusterSelector, selector),
    image: list(rule.image, '.image', imageChange),
    env: list(rule.env, '.env', envChange),
    args: list(rule.args, '.args', argsChange),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
    ...optionalField('podLabels', rule.podLabels, (value) => mapChange(value, '.podLabels', labelValue)),
    ...optionalField('podAnnotations', rule.podAnnotations, (value) => mapChange(value, '.podAnnotations', () => undefined)),
    patches: list(rule.patches, '.patches', (value, where) => patch(value, where, computedPaths)),
  };
}

function selector(value: unknown): OverrideRule['clusterSelector'] {
  try {
    return parseClusterRequirements(value, '.clusterSelector');
  } catch (error) {
    throw error instanceof SelectorError ? new FieldError(error.message) : error;
  }
}

function imageChange(value: unknown, where: string): ImageChange {
  const fields = object(value, where, ['container', 'registry', 'repository', 'tag']);
  const change: ImageChange = { ...container(fields, where) };
  for (const part of ['registry', 'repository', 'tag'] as const) {
    if (fields[part] !== undefined) {
      const text = string(fields[part], `${where}.${part}`);
      const problem = partProblems[part](text);
      if (problem) {
        throw new FieldError(`${where}.${part}: ${JSON.stringify(text)} ${problem}`);
      }
      change[part] = text;
    }
  }
  if (change.registry === undefined && change.repository === undefined && change.tag === undefined) {
    throw new FieldError(`${where}: sets nothing; give registry, repository or tag`);
  }
  return change;
}

function envChange(value: unknown, where: string): EnvChange {
  const fields = object(value, where, ['container', 'add', 'replace', 'remove']);
  return { ...container(fields, where), ...mapChange(withoutContainer(fields), where, envValue, envName) };
}

function argsChange(value: unknown, where: string): ArgsChange {
  const fields = object(value, where, ['container', 'add', 'replace', 'remove']);
  const replace = fields.replace === undefined ? undefined : strings(fields.replace, `${where}.replace`);
  const add = fields.add === undefined ? [] : strings(fields.add, `${where}.add`);
  const remove = fields.remove === undefined ? [] : strings(fields.remove, `${where}.remove`);
  if (replace !== undefined && (add.length > 0 || remove.length > 0)) {
    throw new FieldError(`${where}: replace sets the whole list; it cannot be combined with add or remove`);
  }
  if (replace === undefined && add.length === 0 && remove.length === 0) {
    throw new FieldError(`${where}: changes nothing; give add, remove or replace`);
  }
  return { ...container(fields, where), add, remove, ...(replace === undefined ? {} : { replace }) };
}

function patch(value: unknown, where: string, computedPaths: readonly Pointer[]): PatchOperation {
  const fields = object(value, where, ['op', 'path', 'value']);
  const op = string(fields.op, `${where}.op`);
  if (op !== 'add' && op !== 'replace' && op !== 'remove') {
    throw new FieldError(`${where}.op: ${JSON.stringify(op)} is not one of add, replace, remove`);
  }
  const text = string(fields.path, `${where}.path`);
  const path = parsePointer(text);
  if (typeof path === 'string') {
    throw new FieldError(`${where}.path: ${JSON.stringify(text)} is not a JSON Pointer: ${path}`);
  }
  const reason = forbiddenReason(path, computedPaths);
  if (reason) {
    throw new FieldError(`${where}.path: ${formatPointer(path) || '""'}: ${reason}`);
  }
  if (op === 'remove') {
    if (Object.hasOwn(fields, 'value')) {
      throw new FieldError(`${where}.value: remove takes no value`);
    }
    return { op, path };
  }
  if (!Object.hasOwn(fields, 'value')) {
    throw new FieldError(`${where}.value: ${op} needs a value`);
  }
  return { op, path, value: fields.value };
}

function mapChange(value: unknown, where: string, valueProblem: (value: string) => string | undefined, keyProblem = labelKeyProblem): MapChange {
  const fields = object(value, where, ['add', 'replace', 'remove']);
  const change: MapChange = {
    add: fields.add === undefined ? {} : stringMap(fields.add, `${where}.add`),
    replace: fields.replace === undefined ? {} : stringMap(fields.replace, `${where}.replace`),
    remove: fields.remove === undefined ? [] : strings(fields.remove, `${where}.remove`),
  };
  const seen = new Map<string, string>();
  for (const [operation, keys] of [['add', Object.keys(change.add)], ['replace', Object.keys(change.replace)], ['remove', change.remove]] as const) {
    for (const key of keys) {
      const problem = keyProblem(key);
      if (problem) {
        throw new FieldError(`${where}.${operation}: key ${JSON.stringify(key)} ${problem}`);
      }
      const earlier = seen.get(key);
      if (earlier) {
        throw new FieldError(`${where}: key ${JSON.stringify(key)} is in both ${earlier} and ${operation}`);
      }
      seen.set(key, operation);
      const text = operation === 'remove' ? undefined : (change[operation][key] as string);
      const problemValue = text === undefined ? undefined : valueProblem(text);
      if (problemValue) {
        throw new FieldError(`${where}.${operation}.${key}: ${JSON.stringify(text)} ${problemValue}`);
      }
    }
  }
  if (seen.size === 0) {
    throw new FieldError(`${where}: changes nothing; give add, replace or remove`);
  }
  return change;
}

function mapChangeKeys(change: MapChange | undefined): string[] {
  return change ? [...Object.keys(change.add), ...Object.keys(change.replace), ...change.remove] : [];
}

const labelValue = (value: string) => (labelValueProblem(value) === undefined ? undefined : `is not a valid label value: ${labelValueProblem(value) ?? ''}`);
const envValue = () => undefined;
const envName = (name: string) => (/^[^=]+$/.test(name) ? undefined : 'must be a non-empty name without "="');

function container(fields: JsonObject, where: string): { container?: string } {
  return fields.container === undefined ? {} : { container: string(fields.container, `${where}.container`, true) };
}

function withoutContainer(fields: JsonObject): JsonObject {
  const { container: _container, ...rest } = fields;
  return rest;
}

function object(value: unknown, where: string, known: readonly string[]): JsonObject {
  if (!isJsonObject(value)) {
    throw new FieldError(`${where}: must be an object, got ${describeJson(value)}`);
  }
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new FieldError(`${where}: unknown field ${JSON.stringify(unknown[0])} (known: ${known.join(', ')})`);
  }
  return value;
}

function list<T>(value: unknown, where: string, read: (item: unknown, where: string) => T): T[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new FieldError(`${where}: must be a list, got ${describeJson(value)}`);
  }
  return value.map((item, index) => read(item, `${where}[${index}]`));
}

function string(value: unknown, where: string, nonEmpty = false): string {
  if (typeof value !== 'string' || (nonEmpty && value === '')) {
    throw new FieldError(`${where}: must be a ${nonEmpty ? 'non-empty ' : ''}string, got ${describeJson(value)}`);
  }
  return value;
}

function strings(value: unknown, where: string): string[] {
  return list(value, where, (item, itemWhere) => string(item, itemWhere));
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (!isJsonObject(value)) {
    throw new FieldError(`${where}: must be an object of strings, got ${describeJson(value)}`);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, string(item, `${where}.${key}`)]));
}

function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : read(value);
}

function optionalField<Key extends string, T>(key: Key, value: unknown, read: (value: unknown) => T): Partial<Record<Key, T>> {
  const field: Partial<Record<Key, T>> = {};
  if (value !== undefined) {
    field[key] = read(value);
  }
  return field;
}

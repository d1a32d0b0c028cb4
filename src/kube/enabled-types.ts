import type { KubeObject } from '../core/objects.js';
import { isJsonObject } from '../scheduling/go-json.js';
import type { ResourceType } from './resources.js';

/** The one object that lists the enabled types (manifests/crds/federation.kubefed.dev_federatedtypes.yaml). */
export const federatedTypes: ResourceType = { group: 'federation.kubefed.dev', version: 'v1beta1', kind: 'FederatedTypes', plural: 'federatedtypes', namespaced: false };
export const enabledTypesName = 'enabled';

/** typeName is how commands and messages name a type: "widgets.example.com", or "serviceaccounts" for the core group. */
export function typeName(type: Pick<ResourceType, 'plural' | 'group'>): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const kindPattern = /^[A-Z][A-Za-z0-9]*$/;

/**
 * readEnabledTypes reads the object's spec.types. The object is written by users as much as by kubefed
 * enable, so each entry is checked; a bad one is left out and named in problems, the others are used.
 * Duplicates (by plural and group) count once.
 */
export function readEnabledTypes(object: KubeObject | undefined): { types: ResourceType[]; problems: string[] } {
  const spec = object?.spec;
  const entries = isJsonObject(spec) ? spec.types : undefined;
  if (entries === undefined) {
    return { types: [], problems: [] };
  }
  if (!Array.isArray(entries)) {
    return { types: [], problems: ['spec.types is not a list'] };
  }
  const types: ResourceType[] = [];
  const problems: string[] = [];
  entries.forEach((entry: unknown, index) => {
    const type = readEntry(entry);
    if (typeof type === 'string') {
      problems.push(`spec.types[${index}]: ${type}`);
      return;
    }
    if (!types.some((known) => typeName(known) === typeName(type))) {
      types.push(type);
    }
  });
  return { types, problems };
}

/** readEntry is the type an entry names, or what is wrong with the entry. */
function readEntry(entry: unknown): ResourceType | string {
  if (!isJsonObject(entry)) {
    return 'must be an object';
  }
  const { group, version, kind, plural, scope } = entry;
  if (typeof group !== 'string' || (group !== '' && !dnsSubdomain.test(group))) {
    return 'group must be "" or a DNS subdomain';
  }
  if (typeof version !== 'string' || !dnsLabel.test(version)) {
    return 'version must be a DNS label (v1, v1beta1 …)';
  }
  if (typeof kind !== 'string' || !kindPattern.test(kind)) {
    return 'kind must be a CamelCase name';
  }
  if (typeof plural !== 'string' || !dnsLabel.test(plural)) {
    return 'plural must be a lower-case DNS label';
  }
  if (scope !== 'Namespaced' && scope !== 'Cluster') {
    return 'scope must be Namespaced or Cluster';
  }
  return { group, version, kind, plural, namespaced: scope === 'Namespaced' };
}

/** enabledTypesObject is the object listing the given types, sorted by name so that it reads the same each time. */
export function enabledTypesObject(types: readonly ResourceType[]): KubeObject {
  const sorted = [...types].sort((a, b) => typeName(a).localeCompare(typeName(b)));
  return {
    apiVersion: `${federatedTypes.group}/${federatedTypes.version}`,
    kind: federatedTypes.kind,
    metadata: { name: enabledTypesName },
    spec: {
      types: sorted.map((type) => ({ group: type.group, version: type.version, kind: type.kind, plural: type.plural, scope: type.namespaced ? 'Namespaced' : 'Cluster' })),
    },
  };
}

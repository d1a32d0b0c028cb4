import type { KubeObject } from '../objects.js';
import { federationIdLabel, managedByLabel } from '../well-known.js';

/**
 * FederationIdentity is who owns a member copy: the federation's name (--federation-name, the managed-by
 * label) and its id, the uid of the federation API server's kube-system namespace. The name can be shared by
 * accident (two federations started with the default); the id cannot.
 */
export interface FederationIdentity {
  name: string;
  id: string;
}

/** identityLabels are the labels every member copy of this federation carries. */
export function identityLabels(identity: FederationIdentity): Record<string, string> {
  return { [managedByLabel]: identity.name, [federationIdLabel]: identity.id };
}

/** identitySelector selects exactly this federation's copies. */
export function identitySelector(identity: FederationIdentity): string {
  return `${managedByLabel}=${identity.name},${federationIdLabel}=${identity.id}`;
}

/** legacySelector selects copies of this name made before copies carried the federation id. */
export function legacySelector(name: string): string {
  return `${managedByLabel}=${name},!${federationIdLabel}`;
}

/**
 * Ownership of a member object as one federation sees it: its own copy, an object no federation manages,
 * a copy of this name made before ids existed (claimed by `kubefed join`, never by the controller), or a
 * copy of another federation (another name, or the same name with another id).
 */
export type Ownership =
  | { kind: 'own' }
  | { kind: 'unmanaged' }
  | { kind: 'legacy' }
  | { kind: 'other'; name: string; id?: string };

export function ownershipOf(object: KubeObject, identity: FederationIdentity): Ownership {
  const labels = object.metadata.labels ?? {};
  const name = labels[managedByLabel];
  const id = labels[federationIdLabel];
  if (name === undefined) {
    return { kind: 'unmanaged' };
  }
  if (name === identity.name && id === identity.id) {
    return { kind: 'own' };
  }
  if (name === identity.name && id === undefined) {
    return { kind: 'legacy' };
  }
  return { kind: 'other', name, ...(id === undefined ? {} : { id }) };
}

export function isOwnCopy(object: KubeObject, identity: FederationIdentity): boolean {
  return ownershipOf(object, identity).kind === 'own';
}

/** ownershipProblem says why kubefed leaves an object alone, or undefined when it may write it (own, or adopted). */
export function ownershipProblem(object: KubeObject, identity: FederationIdentity, where: string, adopt: boolean): string | undefined {
  const ownership = ownershipOf(object, identity);
  switch (ownership.kind) {
    case 'own':
      return undefined;
    case 'unmanaged':
      return adopt
        ? undefined
        : `${where} already exists and was not created by kubefed; set annotation federation.kubefed.dev/adopt: "true" to adopt it`;
    case 'legacy':
      return `${where} is labelled managed-by=${identity.name} but carries no federation id (made before ids); run kubefed join again for this cluster to claim the copies this federation made`;
    case 'other':
      return ownership.name === identity.name
        ? `${where} is managed by another federation named ${ownership.name} (id ${ownership.id ?? 'none'}, this federation's id is ${identity.id})`
        : `${where} is managed by federation ${ownership.name}`;
  }
}

/**
 * The labels, annotations and finalizers kubefed reads and writes. v1's user-facing annotation keys
 * live in scheduling/; everything kubefed adds uses the federation.kubefed.dev/ prefix.
 */
const prefix = 'federation.kubefed.dev';

/** managedByLabel marks member objects this federation created; its value is the federation name. */
export const managedByLabel = `${prefix}/managed-by`;
/**
 * federationIdLabel marks member objects with the identity of the federation that made them (the uid of its
 * API server's kube-system namespace), so two federations of the same name never touch each other's copies.
 */
export const federationIdLabel = `${prefix}/federation-id`;
/** appliedHashAnnotation on a member object is the hash of what kubefed last applied, so removals are noticed. */
export const appliedHashAnnotation = `${prefix}/applied-hash`;
/** orphanAnnotation "true" on a federated object keeps member copies when it is deleted. */
export const orphanAnnotation = `${prefix}/orphan`;
/** adoptAnnotation "true" on a federated object lets kubefed take over same-name objects it did not create. */
export const adoptAnnotation = `${prefix}/adopt`;
/** placementAnnotation on a replica-split federated object records the per-cluster split. */
export const placementAnnotation = `${prefix}/placement`;
/** hpaClustersAnnotation on a federated HPA lists the members it places an HPA in, where the target's replicas are handed over. */
export const hpaClustersAnnotation = `${prefix}/hpa-clusters`;
/** capacityAnnotation on a replica-split federated object remembers members found short of room. */
export const capacityAnnotation = `${prefix}/capacity`;
/**
 * overridesAnnotation on a federated object holds per-cluster overrides: a JSON list of rules, each naming
 * target clusters and what changes in their copies (see core/overrides/).
 */
export const overridesAnnotation = `${prefix}/overrides`;
/**
 * memberStatesAnnotation on a federated object of an enabled (generic) type lists, for each member, whether
 * its copy is in sync and the copy's Ready/Available condition (see core/propagation/member-state.ts).
 */
export const memberStatesAnnotation = `${prefix}/member-states`;
/**
 * ClusterRoles with these labels are aggregated into the controller-manager's role in the federation, and
 * into join's role in each member: `kubefed enable` grants an enabled type's rules through them.
 */
export const aggregateToControllerLabel = `${prefix}/aggregate-to-controller-manager`;
export const aggregateToMemberLabel = `${prefix}/aggregate-to-member`;
/** propagationFinalizer keeps a federated object until its member copies are handled. */
export const propagationFinalizer = `${prefix}/delete-from-members`;
/** The API server adds these on orphan and foreground deletes; no garbage collector runs here, so kubefed clears them. */
export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';
/**
 * On a member's credentials Secret in the federation, when join had to ask TokenRequest for a token (no token
 * controller in the member): which ServiceAccount it is for, when it was issued and when it expires, so the
 * controller-manager renews it in time. None of it is secret.
 */
export const tokenServiceAccountAnnotation = `${prefix}/token-service-account`;
export const tokenIssuedAnnotation = `${prefix}/token-issued-at`;
export const tokenExpiresAnnotation = `${prefix}/token-expires-at`;
/** federationNamespace holds Cluster credentials and the leader Lease; its contents are never propagated. */
export const federationNamespace = 'federation-system';
/** fieldManager is the server-side apply manager for every kubefed write. */
export const fieldManager = 'kubefed';

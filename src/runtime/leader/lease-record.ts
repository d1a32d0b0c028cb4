/** LeaseSpec is the coordination.k8s.io/v1 Lease spec as the API server sends it (times as strings). */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** microTime formats a time the way Lease fields need it: six fractional digits (a Date gives three). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * canAcquire is client-go's rule: another holder's lease is honoured until leaseDuration has passed
 * since this process last saw the record change. Local observation time is used, never the remote
 * timestamps, so clock skew between replicas does not matter.
 */
export function canAcquire(spec: LeaseSpec | undefined, identity: string, observedAt: number, now: number): boolean {
  const holder = spec?.holderIdentity ?? '';
  if (holder === '' || holder === identity) {
    return true;
  }
  const durationMs = (spec?.leaseDurationSeconds ?? 0) * 1000;
  return observedAt + durationMs <= now;
}

/** nextSpec is the record to write when identity acquires or renews the lease at now. */
export function nextSpec(spec: LeaseSpec | undefined, identity: string, leaseDurationMs: number, now: number): LeaseSpec {
  const renewing = spec?.holderIdentity === identity;
  return {
    holderIdentity: identity,
    leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000),
    acquireTime: renewing && spec?.acquireTime ? spec.acquireTime : microTime(now),
    renewTime: microTime(now),
    leaseTransitions: (spec?.leaseTransitions ?? 0) + (renewing || spec === undefined ? 0 : 1),
  };
}

/** releasedSpec gives the lease up so a standby can take over at once instead of waiting it out. */
export function releasedSpec(spec: LeaseSpec, now: number): LeaseSpec {
  return { ...spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(now) };
}

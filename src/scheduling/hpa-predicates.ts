/** The parts of a member cluster's HPA (spec and status) that redistribution looks at. */
export interface LocalHpa {
  minReplicas?: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  lastScaleTime?: Date;
}

/** The moment of evaluation and `--hpa-scale-forbidden-window`, within which a recent scale is left alone. */
export interface ScaleClock {
  now: Date;
  scaleForbiddenWindowMs: number;
}

/** The local autoscaler has not decided anything yet: never scaled and no desired count. */
export function isPristine(hpa: LocalHpa): boolean {
  return hpa.lastScaleTime === undefined && hpa.desiredReplicas === 0;
}

/** The last scale is at least one forbidden window old, so its numbers may be moved without thrashing. */
export function isScaleable(hpa: LocalHpa, clock: ScaleClock): boolean {
  const last = hpa.lastScaleTime?.getTime();
  if (last === undefined || !Number.isFinite(last)) {
    return false;
  }
  return last + clock.scaleForbiddenWindowMs <= clock.now.getTime();
}

/** The cluster may give one unit of max away: it stays ≥ min and the cluster is idle or shrinking. */
export function isMaxReducible(hpa: LocalHpa, clock: ScaleClock): boolean {
  const { minReplicas, maxReplicas, currentReplicas, desiredReplicas } = hpa;
  // v1 skipped this check without a min; an absent min counts as 0 so that max never goes below 0.
  if (maxReplicas - 1 < (minReplicas ?? 0)) {
    return false;
  }
  if (isPristine(hpa)) {
    return true;
  }
  return (
    isScaleable(hpa, clock) &&
    (desiredReplicas < currentReplicas || (desiredReplicas === currentReplicas && desiredReplicas < maxReplicas))
  );
}

/** The cluster may give one unit of min away: it sits at its min (above 1) and does not need it. */
export function isMinReducible(hpa: LocalHpa, clock: ScaleClock): boolean {
  const { minReplicas, maxReplicas, currentReplicas, desiredReplicas } = hpa;
  if (minReplicas === undefined || minReplicas <= 1) {
    return false;
  }
  if (isPristine(hpa) && minReplicas <= maxReplicas) {
    return true;
  }
  return isScaleable(hpa, clock) && desiredReplicas === currentReplicas && currentReplicas === minReplicas;
}

/** The cluster runs at its max and wants it: it should get one more unit of max. */
export function isMaxNeeded(hpa: LocalHpa, clock: ScaleClock): boolean {
  const { maxReplicas, currentReplicas, desiredReplicas } = hpa;
  return isScaleable(hpa, clock) && currentReplicas === desiredReplicas && currentReplicas === maxReplicas;
}

/** The cluster wants more than its min and has room below max: it may take one unit of min from a donor. */
export function isMinIncreasable(hpa: LocalHpa, clock: ScaleClock): boolean {
  const { minReplicas, maxReplicas, desiredReplicas } = hpa;
  return (
    isScaleable(hpa, clock) &&
    minReplicas !== undefined &&
    minReplicas < maxReplicas &&
    desiredReplicas > minReplicas
  );
}

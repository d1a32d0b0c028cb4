// Cluster health on a manual clock: probe outcomes become Ready verdicts after the thresholds, a
// member not ready past the grace period fails over, and kinds that cannot sync are reported.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ClusterController, type HealthRegistry, type ProbedMember } from '../../../src/controllers/cluster-controller.js';
import type { RequestOptions } from '../../../src/kube/client.js';
import type { Condition } from '../../../src/core/objects.js';
import type { UnsyncedKind } from '../../../src/members/health.js';
import type { MemberView } from '../../../src/members/registry.js';
import { Metrics } from '../../../src/runtime/observability/metrics.js';
import { Redactor } from '../../../src/runtime/observability/redactor.js';
import { ManualClock } from '../support/manual-clock.js';
import { quietLogger, settle } from '../support/fake-members.js';

const periodMs = 1_000;
const failoverGraceMs = 10_000;

/** ProbeTarget answers /readyz as told, and lists no nodes. */
class ProbeTarget implements ProbedMember {
  healthy = true;
  unsynced: UnsyncedKind[] = [];
  readonly prober = {
    request: <T>(options: RequestOptions): Promise<T> => {
      if (options.path === '/readyz') {
        return this.healthy ? Promise.resolve('ok' as T) : Promise.reject(new Error('connect ECONNREFUSED'));
      }
      return Promise.resolve({ items: [], metadata: {} } as T);
    },
  };

  unsyncedKinds(): UnsyncedKind[] {
    return this.unsynced;
  }
}

/** Registry keeps verdicts as the member registry does: failed once not ready for the grace period. */
class Registry implements HealthRegistry {
  readonly verdicts: boolean[] = [];
  readonly announced: string[] = [];
  ready?: boolean;
  changedAt = 0;

  constructor(
    readonly member: ProbeTarget,
    readonly clock: ManualClock,
  ) {}

  onChange(): void {}

  views(): MemberView<ProbedMember>[] {
    const ready = this.ready ?? false;
    const cluster = { apiVersion: 'federation.kubefed.dev/v1beta1', kind: 'Cluster', metadata: { name: 'east', uid: 'uid-east' }, status };
    return [{ name: 'east', labels: {}, cluster, member: this.member, ready, failed: !ready && this.clock.now() - this.changedAt >= failoverGraceMs }];
  }

  setReady(_name: string, ready: boolean): void {
    if (this.ready !== ready) {
      this.ready = ready;
      this.changedAt = this.clock.now();
      this.verdicts.push(ready);
    }
  }

  setNodes(): void {}

  announce(name: string): void {
    this.announced.push(name);
  }
}

let clock: ManualClock;
let member: ProbeTarget;
let registry: Registry;
let events: string[];
let status: { conditions?: Condition[] } | undefined;
let controller: ClusterController;

beforeEach(() => {
  clock = new ManualClock();
  member = new ProbeTarget();
  registry = new Registry(member, clock);
  events = [];
  status = undefined;
  probes = 0;
  const client = {
    request: <T>(options: RequestOptions): Promise<T> => {
      // The Cluster's status as written: the next probe's view reads it back, as the cache would.
      const patch = (options.body as { status: { conditions?: Condition[] } }).status;
      status = { ...status, ...patch };
      return Promise.resolve({} as T);
    },
  };
  controller = new ClusterController({
    registry,
    client,
    recorder: { record: (_object, type, reason) => void events.push(`${type} ${reason}`) },
    logger: quietLogger,
    metrics: new Metrics(),
    redactor: new Redactor(),
    clock,
    periodMs,
    timeoutMs: 500,
    failureThreshold: 3,
    successThreshold: 2,
    failoverGraceMs,
  });
  controller.start();
});

afterEach(async () => {
  await controller.stop();
});

let probes = 0;

/** probe runs the next probe (the first is due at once, each next one a period after the last) and lets its writes finish. */
async function probe(healthy: boolean): Promise<void> {
  member.healthy = healthy;
  clock.advance(probes === 0 ? 0 : periodMs);
  probes += 1;
  await settle();
}

describe('cluster health', () => {
  it.each([
    ['two good probes make a new member ready', [true, true], [true]],
    ['one good probe is not enough', [true], []],
    ['three failed probes make a ready member not ready', [true, true, false, false, false], [true, false]],
    ['a failure between successes changes nothing', [true, true, false, true, false, false, true], [true]],
    ['a member that comes back is ready again after two good probes', [true, true, false, false, false, true, true], [true, false, true]],
  ])('%s', async (_name, outcomes, verdicts) => {
    for (const healthy of outcomes) {
      await probe(healthy);
    }
    expect(registry.verdicts).toEqual(verdicts);
  });

  it('records a Warning when a member goes not ready, fails it over after the grace period, and a Normal event when it is back', async () => {
    for (const healthy of [true, true, false, false, false]) {
      await probe(healthy);
    }
    expect(events).toEqual(['Normal ClusterReady', 'Warning ClusterNotReady']);
    expect(registry.announced).toEqual([]);
    // Probes go on failing meanwhile; the grace period runs from the verdict.
    for (let elapsed = 0; elapsed <= failoverGraceMs + periodMs; elapsed += periodMs) {
      await probe(false);
    }
    expect(registry.announced).toEqual(['east']);
    expect(events).toContain('Warning ClusterFailover');
    for (const healthy of [true, true]) {
      await probe(healthy);
    }
    expect(events.at(-1)).toBe('Normal ClusterReady');
  });

  it('reports a kind that cannot sync once, as a Warning and a KindsSynced condition, and clears the condition when it syncs', async () => {
    await probe(true);
    member.unsynced = [{ kind: 'Secret', problem: 'secrets is forbidden' }];
    for (const healthy of [true, true, true]) {
      await probe(healthy);
    }
    expect(events.filter((event) => event === 'Warning KindNotSynced')).toHaveLength(1);
    expect(status?.conditions?.find((condition) => condition.type === 'KindsSynced')).toMatchObject({
      status: 'False',
      reason: 'KindNotSynced',
      message: 'not propagated to this cluster: Secret: secrets is forbidden',
    });
    member.unsynced = [];
    await probe(true);
    expect(status?.conditions?.find((condition) => condition.type === 'KindsSynced')).toMatchObject({ status: 'True' });
  });
});

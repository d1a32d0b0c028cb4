import type { MemberCopy } from './member-copy.js';
import type { Condition } from '../objects.js';

const timeFields = ['lastUpdateTime', 'lastTransitionTime', 'lastProbeTime'] as const;

/**
 * aggregateConditions folds the members' conditions into one per type: True with the latest times
 * when every member that reports the type says True, otherwise the first (by cluster name) member's
 * non-True condition, its message prefixed with the cluster, so `kubectl describe` says where.
 */
export function aggregateConditions(copies: MemberCopy[]): Condition[] {
  const byType = new Map<string, { cluster: string; condition: Condition }[]>();
  for (const { cluster, object } of [...copies].sort((a, b) => (a.cluster < b.cluster ? -1 : 1))) {
    const conditions = object?.status?.conditions ?? [];
    for (const condition of conditions) {
      const list = byType.get(condition.type) ?? [];
      list.push({ cluster, condition });
      byType.set(condition.type, list);
    }
  }
  return [...byType.entries()].map(([type, reports]) => {
    const failing = reports.find((report) => report.condition.status !== 'True');
    if (failing) {
      const { condition, cluster } = failing;
      return { ...condition, message: `cluster ${cluster}: ${condition.message ?? condition.reason ?? ''}`.trim() };
    }
    const first = reports[0]?.condition;
    const latest: Partial<Condition> = {};
    for (const field of timeFields) {
      const times = reports.map((report) => report.condition[field]).filter((time): time is string => time !== undefined).sort();
      if (times.length > 0) {
        latest[field] = times[times.length - 1];
      }
    }
    return { type, status: 'True', reason: first?.reason, message: `${first?.message ?? first?.reason ?? ''} (all ${reports.length} clusters)`, ...latest };
  });
}

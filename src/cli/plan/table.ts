import { type Painter, plain, renderTable } from '../shared/output.js';
import { type PlanEntry, shareText } from './plan.js';

/**
 * planTable shows one row per object and one column per cluster: replicas, HPA min-max,
 * Job p<parallelism>/c<completions>, or "yes" for a whole copy; "-" where the object does not go.
 * Notes follow the table.
 */
export function planTable(entries: PlanEntry[], clusters: string[], paint: Painter = plain): string {
  if (entries.length === 0) {
    return 'No federated objects in the input.\n';
  }
  const rows = entries.map((entry) => [entry.key, ...clusters.map((cluster) => shareText(entry.placement[cluster]))]);
  const notes = entries.flatMap((entry) => entry.notes.map((note) => paint('yellow', `note: ${entry.key}: ${note}`)));
  return renderTable(['OBJECT', ...clusters.map((cluster) => cluster.toUpperCase())], rows, paint) + (notes.length > 0 ? `\n${notes.join('\n')}\n` : '');
}

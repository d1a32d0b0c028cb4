import { objectKey } from '../../core/objects.js';
import { AnnotationError, readAnnotation } from '../../core/annotations/codec.js';
import { clip, type ConditionState, memberStatesCodec, messageLimit, reasonLimit, shownConditions } from '../../core/annotations/member-states.js';
import { errorMessage } from '../../kube/errors.js';
import { type Cell, type Painter, plain, renderTable, type Style } from '../shared/output.js';
import type { KindSnapshot } from './sync.js';

/**
 * MemberStateRow is one member's copy of an object of an enabled type, as the generic controller recorded it
 * in the member-states annotation; or, with problem, why that annotation could not be read.
 */
export interface MemberStateRow {
  kind: string;
  namespace?: string;
  name: string;
  cluster?: string;
  synced?: boolean;
  Ready?: ConditionState;
  Available?: ConditionState;
  problem?: string;
}

/**
 * printable makes text from the annotation safe for a terminal and bounded: control and format characters
 * (escape sequences, newlines, bidirectional overrides) become spaces, and it is cut at limit characters.
 */
export function printable(text: string, limit: number): string {
  return clip(text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' '), limit);
}

function printableCondition(condition: ConditionState): ConditionState {
  const shown: ConditionState = { status: printable(condition.status, reasonLimit) };
  if (condition.reason !== undefined) {
    shown.reason = printable(condition.reason, reasonLimit);
  }
  if (condition.message !== undefined) {
    shown.message = printable(condition.message, messageLimit);
  }
  return shown;
}

/**
 * memberStateRows reads the member-states annotation of every object of an enabled type: one row per member,
 * in the object's order and then by member name. The annotation is anyone's to edit, so a malformed one gives
 * a row saying what is wrong with it, and every text is made printable and bounded.
 */
export function memberStateRows(kinds: readonly KindSnapshot[]): MemberStateRow[] {
  const rows: MemberStateRow[] = [];
  for (const { adapter, objects } of kinds.filter((kind) => kind.enabled)) {
    for (const object of [...objects].filter((candidate) => adapter.federates(candidate)).sort((a, b) => (objectKey(a) < objectKey(b) ? -1 : 1))) {
      const about = { kind: adapter.type.kind, namespace: object.metadata.namespace, name: object.metadata.name ?? '' };
      let states;
      try {
        states = readAnnotation(memberStatesCodec, object.metadata.annotations);
      } catch (error) {
        const reason = error instanceof AnnotationError ? error.message : errorMessage(error);
        rows.push({ ...about, problem: printable(`unreadable ${memberStatesCodec.annotation} annotation: ${reason}`, messageLimit) });
        continue;
      }
      for (const [cluster, state] of Object.entries(states ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
        const row: MemberStateRow = { ...about, cluster: printable(cluster, reasonLimit), synced: state.synced };
        for (const type of shownConditions) {
          const condition = state[type];
          if (condition !== undefined) {
            row[type] = printableCondition(condition);
          }
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

const conditionStyle: Record<string, Style> = { True: 'green', False: 'red' };

function conditionCell(condition: ConditionState | undefined): Cell {
  return condition === undefined ? '-' : { text: condition.status, style: conditionStyle[condition.status] ?? 'yellow' };
}

/** detail is the reason and message of the conditions shown, named by type when there are both. */
function detail(row: MemberStateRow): string {
  const present = shownConditions.filter((type) => row[type]?.reason !== undefined || row[type]?.message !== undefined);
  return present
    .map((type) => {
      const { reason, message } = row[type] ?? {};
      const text = [reason, message].filter((part) => part !== undefined).join(': ');
      return present.length > 1 ? `${type}: ${text}` : text;
    })
    .join('; ');
}

/** renderMemberStates is the table of member copies of enabled types: in sync or not, Ready and Available, and why. */
export function renderMemberStates(rows: readonly MemberStateRow[], paint: Painter = plain): string {
  const cells: Cell[][] = rows.map((row) => [
    row.kind,
    row.namespace ?? '',
    row.name,
    row.cluster ?? '*',
    row.problem !== undefined ? { text: '?', style: 'yellow' } : { text: row.synced ? 'yes' : 'no', style: row.synced ? 'green' : 'yellow' },
    conditionCell(row.Ready),
    conditionCell(row.Available),
    row.problem !== undefined ? { text: row.problem, style: 'yellow' } : detail(row),
  ]);
  return renderTable(['KIND', 'NAMESPACE', 'NAME', 'CLUSTER', 'SYNCED', 'READY', 'AVAILABLE', 'MESSAGE'], cells, paint);
}

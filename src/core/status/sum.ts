import type { MemberCopy } from './member-copy.js';

/** sumStatus adds up numeric status fields over the member copies (missing counts as 0). */
export function sumStatus<Field extends string>(copies: MemberCopy[], fields: readonly Field[]): Record<Field, number> {
  const totals = Object.fromEntries(fields.map((field) => [field, 0])) as Record<Field, number>;
  for (const { object } of copies) {
    for (const field of fields) {
      const value = object?.status?.[field];
      totals[field] += typeof value === 'number' ? value : 0;
    }
  }
  return totals;
}

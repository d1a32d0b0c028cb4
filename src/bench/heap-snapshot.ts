// Summarising V8 .heapsnapshot files (what --profile writes): self size by kind of object, and the difference between
// two snapshots, to say what a cache of N objects costs and what a burst leaves behind. Pure.

export interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  name: string;
  count: number;
  bytes: number;
}

/** groupName buckets a heap node: strings together, code together, objects by constructor, internals by their type. */
export function groupName(type: string, name: string): string {
  switch (type) {
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(strings)';
    case 'code':
      return '(compiled code)';
    case 'number':
      return '(heap numbers)';
    case 'array':
      return `(internal array) ${name}`.trimEnd();
    case 'hidden':
    case 'object shape':
      return `(V8 internal) ${name.replace(/^system \/ /, '')}`;
    case 'closure':
      return '(closures)';
    case 'native':
      return `(native) ${name.replace(/^system \/ /, '')}`;
    default:
      return name === '' ? `(${type})` : name;
  }
}

/** groupHeap adds up self sizes by groupName, largest first. */
export function groupHeap(snapshot: HeapSnapshot): { totalBytes: number; groups: HeapGroup[] } {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, HeapGroup>();
  let totalBytes = 0;
  for (let index = 0; index < snapshot.nodes.length; index += width) {
    const type = types[snapshot.nodes[index + typeAt] ?? -1] ?? 'unknown';
    const name = groupName(type, snapshot.strings[snapshot.nodes[index + nameAt] ?? -1] ?? '');
    const bytes = snapshot.nodes[index + sizeAt] ?? 0;
    totalBytes += bytes;
    const group = groups.get(name) ?? { name, count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += bytes;
    groups.set(name, group);
  }
  return { totalBytes, groups: [...groups.values()].sort((a, b) => b.bytes - a.bytes) };
}

/** diffHeap is after − before per group, largest growth first. */
export function diffHeap(before: readonly HeapGroup[], after: readonly HeapGroup[]): HeapGroup[] {
  const result = new Map<string, HeapGroup>();
  for (const group of after) {
    result.set(group.name, { ...group });
  }
  for (const group of before) {
    const entry = result.get(group.name) ?? { name: group.name, count: 0, bytes: 0 };
    entry.count -= group.count;
    entry.bytes -= group.bytes;
    result.set(group.name, entry);
  }
  return [...result.values()].filter((group) => group.bytes !== 0 || group.count !== 0).sort((a, b) => b.bytes - a.bytes);
}

// `node dist/bench/heap-report.js BEFORE.heapsnapshot AFTER.heapsnapshot [COPIES] [TOP]`: what grew between two heap
// snapshots, by kind of object, and per managed copy when COPIES (N × M) is given.
import { readFile } from 'node:fs/promises';
import { diffHeap, groupHeap, type HeapSnapshot } from './heap-snapshot.js';
import { table } from './report.js';

const [beforeFile, afterFile, copiesText, top = '25'] = process.argv.slice(2);
if (beforeFile === undefined || afterFile === undefined) {
  process.stderr.write('usage: node dist/bench/heap-report.js BEFORE.heapsnapshot AFTER.heapsnapshot [COPIES] [TOP]\n');
  process.exit(2);
}
const load = async (file: string) => groupHeap(JSON.parse(await readFile(file, 'utf8')) as HeapSnapshot);
const before = await load(beforeFile);
const after = await load(afterFile);
const copies = copiesText === undefined ? undefined : Number(copiesText);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const growth = diffHeap(before.groups, after.groups);
const lines = [
  `${beforeFile}: ${mib(before.totalBytes)}; ${afterFile}: ${mib(after.totalBytes)}; growth ${mib(after.totalBytes - before.totalBytes)}` +
    (copies ? ` = ${((after.totalBytes - before.totalBytes) / copies).toFixed(0)} B per copy over ${copies}` : ''),
  '',
  ...table([
    ['grew', 'objects', 'bytes', ...(copies ? ['B per copy'] : [])],
    ...growth.slice(0, Number(top)).map((group) => [group.name, String(group.count), mib(group.bytes), ...(copies ? [(group.bytes / copies).toFixed(0)] : [])]),
  ]),
];
process.stdout.write(`${lines.join('\n')}\n`);

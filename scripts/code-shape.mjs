#!/usr/bin/env node
// The shape of src/ in numbers, for before/after comparisons of a restructuring:
//   node scripts/code-shape.mjs [--rev REV] [--list] [--check-cycles]
// reads the working tree, or with --rev the TypeScript files of src/ at that commit (through git, so
// any commit can be measured from any checkout); --list names the files, functions and cycles counted.
// --check-cycles (run by `npm run lint`) prints only the folder cycles and exits 1 if there is one, between
// top-level or between leaf folders.
//
// folders             directories under src/ holding .ts files (and how many at the top level)
// files over 300      .ts files longer than 300 lines
// functions over 60   functions, methods, constructors, accessors and arrow functions spanning more than 60 lines
// as casts            `x as T` and `<T>x` expressions, not counting `as const`
// folder cycles       import cycles between folders: strongly connected groups of two or more folders,
//                     once with each file's own folder ("leaf") and once with its top-level folder. An entry
//                     point (a file nothing in src/ imports, as src/bench/main.ts) starts what lies below it
//                     and is no part of its folder's dependencies, so its imports are left out.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const revIndex = args.indexOf('--rev');
const rev = revIndex >= 0 ? args[revIndex + 1] : undefined;
const list = args.includes('--list');
const checkCycles = args.includes('--check-cycles');

function sources() {
  if (rev !== undefined) {
    const names = execFileSync('git', ['ls-tree', '-r', '--name-only', rev, 'src'], { encoding: 'utf8' }).split('\n');
    return names
      .filter((name) => name.endsWith('.ts'))
      .map((name) => ({ name, text: execFileSync('git', ['show', `${rev}:${name}`], { encoding: 'utf8', maxBuffer: 1 << 26 }) }));
  }
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.posix.join(dir, entry.name);
      return entry.isDirectory() ? walk(full) : full.endsWith('.ts') ? [full] : [];
    });
  return walk('src').map((name) => ({ name, text: readFileSync(name, 'utf8') }));
}

const files = sources().sort((a, b) => (a.name < b.name ? -1 : 1));
const longFiles = [];
const longFunctions = [];
const casts = [];
const imports = new Map();

for (const { name, text } of files) {
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > 300) {
    longFiles.push(`${name} ${lines}`);
  }
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const line = (position) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const span = line(node.getEnd()) - line(node.getStart(source)) + 1;
      if (span > 60) {
        const label = node.name?.getText(source) ?? (ts.isArrowFunction(node) ? 'arrow function' : 'function');
        longFunctions.push(`${name}:${line(node.getStart(source))} ${label} ${span}`);
      }
    }
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && node.type.getText(source) !== 'const') {
      casts.push(`${name}:${line(node.getStart(source))} ${node.type.getText(source).slice(0, 60)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const targets = ts
    .preProcessFile(text, true, true)
    .importedFiles.map((entry) => entry.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(name), specifier)).replace(/\.js$/, '.ts'));
  imports.set(name, targets);
}

/** cycles finds the strongly connected groups (Tarjan) of two or more folders in the folder graph. */
function cycles(folderOf) {
  const edges = new Map();
  const imported = new Set([...imports.values()].flat());
  for (const [file, targets] of imports) {
    if (!imported.has(file)) {
      continue;
    }
    for (const target of targets) {
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to) {
        edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
  }
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  let counter = 0;
  const connect = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) {
        groups.push(group.sort().join(' <-> '));
      }
    }
  };
  [...edges.keys()].sort().forEach((node) => index.has(node) || connect(node));
  return groups.sort();
}

const leafFolder = (file) => path.posix.dirname(file);
const topFolder = (file) => file.split('/').slice(0, 2).join('/').replace(/\.ts$/, '');
const folders = new Set(files.map((file) => leafFolder(file.name)));
const topFolders = new Set(files.filter((file) => file.name.split('/').length > 2).map((file) => topFolder(file.name)));
const leafCycles = cycles(leafFolder);
const topCycles = cycles(topFolder);

if (checkCycles) {
  const forbidden = [...topCycles, ...leafCycles];
  for (const group of forbidden) {
    console.error(`import cycle between folders: ${group}`);
  }
  if (forbidden.length > 0) {
    console.error('folders import each other in one direction only (README, "Development"); `node scripts/code-shape.mjs --list` names the cycles');
  }
  process.exit(forbidden.length > 0 ? 1 : 0);
}

const report = [
  ['source', rev === undefined ? 'working tree' : `commit ${rev}`],
  ['files', files.length],
  ['folders', `${folders.size} (${topFolders.size} at the top level)`],
  ['files over 300 lines', longFiles.length],
  ['functions over 60 lines', longFunctions.length],
  ['as casts', casts.length],
  ['folder cycles (leaf folders)', leafCycles.length],
  ['folder cycles (top-level folders)', topCycles.length],
];
const width = Math.max(...report.map(([label]) => label.length));
for (const [label, value] of report) {
  console.log(`${label.padEnd(width)}  ${value}`);
}
if (list) {
  const section = (title, entries) => entries.length > 0 && console.log(`\n${title}:\n  ${entries.join('\n  ')}`);
  section('files over 300 lines', longFiles);
  section('functions over 60 lines', longFunctions);
  section('leaf folder cycles', leafCycles);
  section('top-level folder cycles', topCycles);
  section('as casts', casts);
}

// Summarising a V8 .cpuprofile (what --profile and `node --cpu-prof` write): where the CPU time went, by function
// (self and inclusive) and by package. Pure.

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Entry {
  name: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  /** Wall time covered by the profile. */
  durationMs: number;
  /** Time in samples other than (idle). */
  busyMs: number;
  functions: Entry[];
  packages: Entry[];
}

/** packageOf names where code lives: an npm package, node's internals, a kubefed source directory, or a V8 pseudo-frame. */
export function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1] !== undefined) {
    return modules[1];
  }
  if (url.startsWith('node:')) {
    return 'node:' + (/^node:(?:internal\/)?([^/]+)/.exec(url)?.[1] ?? url.slice(5));
  }
  const own = /\/dist\/(.+)\/[^/]+\.js$/.exec(url) ?? /\/src\/(.+)\/[^/]+\.ts$/.exec(url);
  if (own) {
    return `kubefed/${own[1]}`;
  }
  if (/\/dist\/[^/]+\.js$/.test(url)) {
    return 'kubefed';
  }
  return url;
}

/** functionOf names a frame as "name (file:line)". */
export function functionOf(frame: CallFrame): string {
  if (frame.url === '') {
    return frame.functionName || '(anonymous)';
  }
  const file = frame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
  return `${frame.functionName || '(anonymous)'} (${file}:${frame.lineNumber + 1})`;
}

/** summarizeCpuProfile attributes each sample's duration to its leaf (self) and once to every distinct frame on its stack (total). */
export function summarizeCpuProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const durationMs = (profile.endTime - profile.startTime) / 1000;
  const average = samples.length > 0 ? durationMs / samples.length : 0;
  const functions = new Map<string, Entry>();
  const packages = new Map<string, Entry>();
  const entry = (table: Map<string, Entry>, name: string): Entry => {
    let found = table.get(name);
    if (!found) {
      found = { name, selfMs: 0, totalMs: 0 };
      table.set(name, found);
    }
    return found;
  };
  let busyMs = 0;
  samples.forEach((id, index) => {
    // timeDeltas[i] is the time since the previous sample; the time a sample stands for is the gap to the next one.
    const next = deltas[index + 1];
    const ms = next === undefined ? average : next / 1000;
    const leaf = byId.get(id);
    if (!leaf) {
      return;
    }
    if (leaf.callFrame.functionName !== '(idle)') {
      busyMs += ms;
    }
    entry(functions, functionOf(leaf.callFrame)).selfMs += ms;
    entry(packages, packageOf(leaf.callFrame)).selfMs += ms;
    const seenFunctions = new Set<string>();
    const seenPackages = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
      const name = functionOf(node.callFrame);
      const pkg = packageOf(node.callFrame);
      if (!seenFunctions.has(name)) {
        seenFunctions.add(name);
        entry(functions, name).totalMs += ms;
      }
      if (!seenPackages.has(pkg)) {
        seenPackages.add(pkg);
        entry(packages, pkg).totalMs += ms;
      }
    }
  });
  const bySelf = (a: Entry, b: Entry) => b.selfMs - a.selfMs;
  return { durationMs, busyMs, functions: [...functions.values()].sort(bySelf), packages: [...packages.values()].sort(bySelf) };
}

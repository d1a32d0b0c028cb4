// `node dist/bench/profile-report.js FILE.cpuprofile [TOP]`: where a CPU profile's time went, by package and function.
import { readFile } from 'node:fs/promises';
import { type CpuProfile, summarizeCpuProfile } from './cpu-profile.js';
import { table } from './report.js';

const [file, top = '25'] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node dist/bench/profile-report.js FILE.cpuprofile [TOP]\n');
  process.exit(2);
}
const summary = summarizeCpuProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile);
const count = Number(top);
const percent = (ms: number) => `${((100 * ms) / summary.busyMs).toFixed(1)} %`;
const lines = [
  `${file}: ${(summary.durationMs / 1000).toFixed(1)} s profiled, ${(summary.busyMs / 1000).toFixed(1)} s busy (not idle)`,
  '',
  ...table([['package', 'self', 'self % busy', 'total % busy'], ...summary.packages.slice(0, count).map((entry) => [entry.name, `${entry.selfMs.toFixed(0)} ms`, percent(entry.selfMs), percent(entry.totalMs)])]),
  '',
  ...table([['function (self)', 'self', 'self % busy', 'total % busy'], ...summary.functions.slice(0, count).map((entry) => [entry.name, `${entry.selfMs.toFixed(0)} ms`, percent(entry.selfMs), percent(entry.totalMs)])]),
  '',
  ...table([
    ['function (inclusive, kubefed code)', 'total', 'total % busy'],
    ...[...summary.functions]
      .filter((entry) => entry.name.includes('dist/'))
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, count)
      .map((entry) => [entry.name, `${entry.totalMs.toFixed(0)} ms`, percent(entry.totalMs)]),
  ]),
];
process.stdout.write(`${lines.join('\n')}\n`);

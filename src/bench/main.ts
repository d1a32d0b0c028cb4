// `npm run bench`: kubefed's benchmark on a lab of its own (see BENCHMARKS.md).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CommanderError } from 'commander';
import { runCleanups } from './cleanup.js';
import { defaultMembersPrefix, isMemberSweep, readFirstJson, writeMemberReport, writeMemberSweep } from './member-output.js';
import { runMemberSweep } from './member-sweep.js';
import { type BenchOptions, parseBenchOptions } from './options.js';
import { renderEnabledTypes, runEnabledTypes } from './enabled-types.js';
import { runComparison } from './peers/compare.js';
import { defaultPrefix, renderFrom, writeComparison } from './peers/output.js';
import { renderResult, renderSweep } from './report.js';
import { renderPartition } from './partition-report.js';
import { runPartition } from './partition.js';
import { runBench } from './run.js';
import { runSweep } from './sweep.js';
import { renderBigObjects, runBigObjects } from './big-objects.js';
import { errorMessage } from '../kube/errors.js';

const began = performance.now();
const log = (line: string): void => void process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode !== 0) {
        process.stderr.write(`${error.message}\n`);
      }
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`${errorMessage(error)}\n`);
    return 2;
  }
  // Ctrl-C or SIGTERM stops the controller-manager and the lab at once (phases can take minutes) and exits.
  const abort = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => {
      log(`${name}: stopping the controller-manager and the lab`);
      abort.abort(new Error(`interrupted by ${name}`));
      void runCleanups().finally(() => process.exit(130));
    });
  }
  if (options.render) {
    const earlier = await readFirstJson(options.render);
    if (isMemberSweep(earlier)) {
      const written = await writeMemberReport(earlier, options.out ?? options.render.replace(/\.json$/, ''));
      log(`rendered ${written.markdown} and ${written.svg}`);
      return 0;
    }
    const written = await renderFrom(options.render, options.out);
    log(`rendered ${written.markdown} and ${written.svg}`);
    return 0;
  }
  try {
    if (options.peers) {
      return await compare(options, abort.signal);
    }
    if (options.memberCounts) {
      return await sweepMembers(options, abort.signal);
    }
    if (options.enabledTypes !== undefined) {
      const measured = await runEnabledTypes(options, options.enabledTypes, log, abort.signal);
      process.stdout.write(`\n${renderEnabledTypes(measured).join('\n')}\n`);
      if (options.json) {
        await writeFile(options.json, `${JSON.stringify({ options, result: measured }, null, 2)}\n`);
      }
      return 0;
    }
    if (options.bigObjectKiB !== undefined) {
      const result = await runBigObjects(options, log, abort.signal);
      process.stdout.write(`\n${renderBigObjects(result).join('\n')}\n`);
      if (options.json) {
        await writeFile(options.json, `${JSON.stringify({ options, result }, null, 2)}\n`);
      }
      return result.withinLimit ? 0 : 1;
    }
    const result = options.partition
      ? await runPartition(options, log, abort.signal)
      : options.sweep
        ? await runSweep(options, log, abort.signal)
        : await runBench(options, log, abort.signal);
    const lines = 'legs' in result ? renderPartition(result) : 'rows' in result ? renderSweep(result) : renderResult(result);
    process.stdout.write(`\n${lines.join('\n')}\n`);
    if (options.json) {
      await mkdir(path.dirname(options.json), { recursive: true });
      await writeFile(options.json, `${JSON.stringify({ options, result }, null, 2)}\n`);
      log(`figures written to ${options.json}`);
    }
    return 0;
  } catch (error) {
    if (abort.signal.aborted) {
      // The signal handler is stopping everything and exits with 130.
      await new Promise(() => undefined);
    }
    log(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

/** sweepMembers runs the member sweep and writes its JSON, Markdown and SVG. */
async function sweepMembers(options: BenchOptions, signal: AbortSignal): Promise<number> {
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`;
  const result = await runMemberSweep(options, command, log, signal);
  const written = await writeMemberSweep(result, options.out ?? defaultMembersPrefix(new Date()));
  process.stdout.write(`\n${await readFile(written.markdown, 'utf8')}`);
  log(`figures written to ${written.json}, report to ${written.markdown}, plot to ${written.svg}`);
  return 0;
}

/** compare runs the peer comparison and writes its JSON, Markdown and SVG. */
async function compare(options: BenchOptions, signal: AbortSignal): Promise<number> {
  const result = await runComparison(options, options.peers ?? [], options.kinds, log, signal);
  const written = await writeComparison(result, options.out ?? defaultPrefix(new Date()));
  process.stdout.write(`\n${await readFile(written.markdown, 'utf8')}`);
  log(`figures written to ${written.json}, report to ${written.markdown}, plot to ${written.svg}`);
  const failed = result.kinds.flatMap((kind) => kind.systems).filter((system) => system.failures.length > 0);
  return failed.some((system) => system.system === 'kubefed') ? 1 : 0;
}

const code = await main();
process.exit(code);

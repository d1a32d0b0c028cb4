// Stops the lab global-setup.ts started; a lab reused through KUBEFED_LAB_DIR is left running.
import { rm } from 'node:fs/promises';

/** The same name as global-setup's startedMarker (importing it would need the resolution hook before it exists). */
const startedMarker = 'KUBEFED_LAB_STARTED_BY_TESTS';

export default async function globalTeardown(): Promise<void> {
  const directory = process.env[startedMarker];
  if (directory === undefined || directory === '') {
    return;
  }
  // global-setup registered the hook that resolves these TypeScript sources, in this same process.
  const { labPaths, stopLab } = await import('../../src/cli/lab/index.js');
  await stopLab(directory);
  // etcd's preallocated WAL is most of the directory; the logs stay for anyone debugging a failure.
  await rm(labPaths(directory).etcdData, { recursive: true, force: true });
  process.stderr.write(`lab: stopped; logs kept in ${labPaths(directory).logs}\n`);
  delete process.env[startedMarker];
}

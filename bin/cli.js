// The kubefed CLI, shared by its two executables: kubefed, and kubectl-kubefed (the kubectl plugin).
// The TypeScript sources are compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { requireNode24 } from './node-version.js';

/** runCli runs the CLI as `name` (how the user typed it, shown in help) and sets the exit code. */
export async function runCli(name) {
  requireNode24(name);
  // A reader that stops early (`kubefed lab status | head`) closes the pipe; like kubectl, end quietly.
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') {
      process.exit(0);
    }
    throw error;
  });
  const { run } = await import('../dist/cli/main.js');
  process.exitCode = await run(process.argv, name);
}

#!/usr/bin/env node
// The kubefed CLI; the TypeScript sources are compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { requireNode24 } from './node-version.js';

requireNode24('kubefed');

// A reader that stops early (`kubefed lab status | head`) closes the pipe; like kubectl, end quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  throw error;
});

const { run } = await import('../dist/cli/main.js');
process.exitCode = await run(process.argv);

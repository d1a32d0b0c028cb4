#!/usr/bin/env node
// The kubefed CLI; the TypeScript sources are compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { run } from '../dist/cli/main.js';

// A reader that stops early (`kubefed lab status | head`) closes the pipe; like kubectl, end quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  throw error;
});

process.exitCode = await run(process.argv);

#!/usr/bin/env node
// The kubefed CLI; the TypeScript sources are compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { run } from '../dist/cli/main.js';

process.exitCode = await run(process.argv);

#!/usr/bin/env node
// The kubefed CLI.
import { runCli } from './cli.js';

await runCli('kubefed');

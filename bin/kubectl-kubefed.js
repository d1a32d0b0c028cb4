#!/usr/bin/env node
// kubefed as a kubectl plugin: kubectl finds kubectl-kubefed on PATH and runs it for
// `kubectl kubefed …`, passing every word after "kubefed" (--context and --kubeconfig too, which
// mean what they mean to kubectl). Help and examples then say `kubectl kubefed`.
import { runCli } from './cli.js';

await runCli('kubectl kubefed');

#!/usr/bin/env node
// Completion for `kubectl kubefed`: kubectl runs kubectl_complete-kubefed with the words typed after
// "kubectl kubefed" (the last one being completed) and reads the candidates it prints.
import { requireNode24 } from './node-version.js';

requireNode24('kubectl_complete-kubefed');
const { kubectlCompletion } = await import('../dist/cli/kubectl-complete.js');
process.stdout.write(kubectlCompletion(process.argv.slice(2)));

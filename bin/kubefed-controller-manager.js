#!/usr/bin/env node
// The kubefed controller-manager daemon; see `kubefed-controller-manager --help`.
import { requireNode24 } from './node-version.js';

requireNode24('kubefed-controller-manager');
await import('../dist/daemon/main.js');

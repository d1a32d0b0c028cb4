#!/usr/bin/env node
// The kubefed controller-manager daemon; see `kubefed-controller-manager --help`.
import '../dist/main.js';

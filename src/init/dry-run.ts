import { yamlStream } from '../cli/output.js';
import type { InitObjects } from './objects.js';

/**
 * dryRunOutput prints every object init would apply, as one YAML stream that `kubectl apply -f`
 * accepts: the host cluster's objects first, then those for the federation API server (which
 * init applies there once it answers). Comments say which is which.
 */
export function dryRunOutput(objects: InitObjects, federation: string, hostContext: string): string {
  return [
    `# kubefed init ${federation} --dry-run`,
    `# Objects for the host cluster (context ${hostContext}):`,
    yamlStream(objects.host).trimEnd(),
    `# Objects for the federation API server (context ${federation}), applied once it answers:`,
    yamlStream(objects.federation).trimEnd(),
    '',
  ].join('\n');
}

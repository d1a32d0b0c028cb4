import { yamlStream } from '../shared/output.js';
import type { InitObjects } from './objects.js';
import { redactSecrets } from './redact.js';

/**
 * dryRunOutput prints every object init would apply, as one YAML stream that `kubectl apply -f`
 * accepts: the host cluster's objects first, then those for the federation API server (which
 * init applies there once it answers). Comments say which is which, and where the CA keys would go;
 * private and encryption keys are redacted.
 */
export function dryRunOutput(objects: InitObjects, federation: string, hostContext: string, keyDirectory: string): string {
  return [
    `# kubefed init ${federation} --dry-run`,
    '# Private keys and the Secret encryption key are redacted; init generates them when it runs.',
    `# The CA private keys never go into the cluster; with --keep-ca-key init writes them to ${keyDirectory} (mode 0600).`,
    `# Objects for the host cluster (context ${hostContext}):`,
    yamlStream(redactSecrets(objects.host)).trimEnd(),
    `# Objects for the federation API server (context ${federation}), applied once it answers:`,
    yamlStream(objects.federation).trimEnd(),
    '',
  ].join('\n');
}

// manifests/ against the lab's federation API server: the kustomization is accepted by a server-side
// dry run, and the optional ServiceMonitor component builds from an overlay.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { kubectl } from '../lab/lab-environment.js';
import { joinedLab } from './support/federation.js';
import { expectServerDryRunAccepted } from './support/install.js';

const manifests = fileURLToPath(new URL('../../manifests/', import.meta.url));

describe('manifests/', () => {
  test('kubectl apply --dry-run=server -k manifests/ succeeds against the federation API server', async () => {
    // join created federation-system there, as it does in any federation kubefed runs in.
    const state = await joinedLab();
    const result = await kubectl(state.federation, ['apply', '--dry-run=server', '-k', manifests]);
    expectServerDryRunAccepted(result);
  });

  test('the ServiceMonitor component adds a ServiceMonitor from an overlay, and is not in the default build', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'kubefed-overlay-'));
    try {
      // kustomize wants the base beside the overlay, not above it.
      await cp(manifests, path.join(directory, 'manifests'), { recursive: true });
      await writeFile(
        path.join(directory, 'kustomization.yaml'),
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [manifests]\ncomponents: [manifests/components/service-monitor]\n',
      );
      const build = (target: string) =>
        new Promise<{ code: number; stdout: string }>((resolve, reject) => {
          const child = spawn(process.env.KUBECTL ?? 'kubectl', ['kustomize', target], { stdio: ['ignore', 'pipe', 'inherit'] });
          let stdout = '';
          child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
          child.once('error', reject);
          child.once('close', (code) => resolve({ code: code ?? -1, stdout }));
        });
      const overlay = await build(directory);
      expect(overlay.code).toBe(0);
      expect(overlay.stdout).toMatch(/^kind: ServiceMonitor$/m);
      const base = await build(manifests);
      expect(base.code).toBe(0);
      expect(base.stdout).not.toMatch(/ServiceMonitor/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

// plugins/kubefed.yaml is a krew Plugin once a release fills in its placeholders, and it runs the
// bin the package installs for kubectl.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';

const template = readFileSync(new URL('../../../plugins/kubefed.yaml', import.meta.url), 'utf8');
const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string; bin: Record<string, string>; files: string[] };

interface Plugin {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { version: string; shortDescription: string; platforms: { uri: string; sha256: string; bin: string; files: { from: string; to: string }[] }[] };
}

describe('the krew manifest template', () => {
  const filled = template.replaceAll('${VERSION}', `v${packageJson.version}`).replaceAll('${URI}', 'https://example.invalid/kubefed.tar.gz').replaceAll('${SHA256}', 'a'.repeat(64));
  const plugin = load(filled) as Plugin;

  it('has only the three placeholders a release fills in', () => {
    expect(new Set(template.split('\n').filter((line) => !line.startsWith('#')).join('\n').match(/\$\{\w+\}/g))).toEqual(new Set(['${VERSION}', '${URI}', '${SHA256}']));
  });

  it('filled in, is a krew Plugin named for `kubectl kubefed`', () => {
    expect(plugin).toMatchObject({ apiVersion: 'krew.googlecontainertools.github.com/v1alpha2', kind: 'Plugin', metadata: { name: 'kubefed' }, spec: { version: `v${packageJson.version}` } });
    expect(plugin.spec.shortDescription.length).toBeLessThanOrEqual(60);
    expect(plugin.spec.version).toMatch(/^v\d+\.\d+\.\d+$/);
  });

  it('runs the kubectl-kubefed bin that package.json installs, from the files the package ships', () => {
    for (const platform of plugin.spec.platforms) {
      expect(platform.bin).toBe(packageJson.bin['kubectl-kubefed']);
      expect(packageJson.files).toContain(platform.bin.split('/')[0]);
      expect(platform.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

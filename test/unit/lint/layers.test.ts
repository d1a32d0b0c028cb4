import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { layerBoundaries } from '../../../eslint.config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// The layer rule as `npm run lint` runs it, on source text placed at a path in src/ (nothing is written).
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, layerBoundaries],
});

async function violations(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('layer boundaries', () => {
  it.each([
    ['the pure core reaching into the members', 'src/core/propagation/fixture.ts', "import type { MemberView } from '../../members/registry.js';", 'src/core/ is below src/members/'],
    ['scheduling reaching into the core', 'src/scheduling/fixture.ts', "import type { KubeObject } from '../core/objects.js';", 'src/scheduling/ is below src/core/'],
    ['the daemon importing a CLI helper', 'src/daemon/fixture.ts', "import { processWriter } from '../cli/shared/output.js';", 'src/daemon/ is below src/cli/'],
    ['a controller importing the benchmark', 'src/controllers/fixture.ts', "export { runBench } from '../bench/run.js';", 'src/controllers/ is below src/bench/'],
    ['the client reaching up to the runtime', 'src/kube/fixture.ts', "import type { Clock } from '../runtime/clock.js';", 'src/kube/ is below src/runtime/'],
  ])('rejects %s', async (_name, file, source, complaint) => {
    const found = await violations(file, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('import-x/no-restricted-paths');
    expect(found[0]).toContain(complaint);
  });

  it.each([
    ['the core using scheduling', 'src/core/fixture.ts', "import { parseClusterSelector } from '../scheduling/cluster-selector.js';"],
    ['the CLI using the daemon and the core', 'src/cli/fixture.ts', "import type { Config } from '../daemon/config/flags.js';\nimport type { KubeObject } from '../core/objects.js';"],
    ['the benchmark using the CLI', 'src/bench/fixture.ts', "import { loadUserKubeConfig } from '../cli/shared/contexts.js';"],
  ])('accepts %s', async (_name, file, source) => {
    expect(await violations(file, source)).toEqual([]);
  });
});

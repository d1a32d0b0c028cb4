import { readFile } from 'node:fs/promises';
import { describe, expect, test } from '@jest/globals';
import { nodeRuntimeFlags } from '../../../../src/daemon/config/runtime.js';

describe('the controller-manager runtime flags', () => {
  test('are the ones the Dockerfile starts the image with', async () => {
    const dockerfile = await readFile(new URL('../../../../Dockerfile', import.meta.url), 'utf8');
    const entrypoint = /^ENTRYPOINT (.+)$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(entrypoint ?? '[]')).toEqual(['node', ...nodeRuntimeFlags, 'dist/daemon/main.js']);
  });
});

// The logger's contract with its callers: one JSON object per line, children adding their fields, nothing
// below the level formatted (or redacted) at all, and every field redacted at every level it writes.
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createLogger } from '../../../../src/runtime/observability/logger.js';
import { Redactor } from '../../../../src/runtime/observability/redactor.js';

/** lines collects what the logger writes, as parsed objects. */
function lines(): { stream: PassThrough; read: () => Promise<Record<string, unknown>[]> } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return {
    stream,
    read: async () => {
      await nextTurn();
      return chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}

/** CountingRedactor counts the values it is asked to redact: a line that is formatted passes through it. */
class CountingRedactor extends Redactor {
  calls = 0;
  override redactValue(value: unknown): unknown {
    this.calls += 1;
    return super.redactValue(value);
  }
}

describe('createLogger', () => {
  it.each([
    ['info', ['error', 'warn', 'info']],
    ['warn', ['error', 'warn']],
    ['debug', ['error', 'warn', 'info', 'debug']],
  ] as const)('at level %s writes %j and formats nothing below it', async (level, written) => {
    const { stream, read } = lines();
    const redactor = new CountingRedactor();
    const logger = createLogger(level, stream, redactor);
    const child = logger.child({ controller: 'configmap' }).child({ name: 'x' });
    for (const method of ['error', 'warn', 'info', 'debug'] as const) {
      redactor.calls = 0;
      child[method](`${method} line`, { cluster: 'east' });
      expect(redactor.calls > 0).toBe((written as readonly string[]).includes(method));
    }
    expect((await read()).map((line) => line.level)).toEqual(written);
  });

  it('gives a child’s lines its fields and its parents’, the innermost and the line’s own fields winning', async () => {
    const { stream, read } = lines();
    const logger = createLogger('info', stream);
    const reconcile = logger.child({ controller: 'configmap', reconcileID: 'r1' });
    const object = reconcile.child({ kind: 'ConfigMap', name: 'x', reconcileID: 'r2' });
    object.info('created', { name: 'y', cluster: 'east' });
    reconcile.info('done');
    logger.info('plain');
    expect(await read()).toEqual([
      expect.objectContaining({ msg: 'created', controller: 'configmap', reconcileID: 'r2', kind: 'ConfigMap', name: 'y', cluster: 'east' }),
      expect.objectContaining({ msg: 'done', controller: 'configmap', reconcileID: 'r1' }),
      { ts: expect.any(String), level: 'info', msg: 'plain' },
    ]);
  });

  it('follows a level changed at run time, in children made before the change', async () => {
    const { stream, read } = lines();
    const logger = createLogger('info', stream);
    const child = logger.child({ cluster: 'east' });
    child.debug('hidden');
    logger.level = 'debug';
    child.debug('shown');
    expect((await read()).map((line) => line.msg)).toEqual(['shown']);
  });

  it('redacts a Secret value in a child’s fields and in the line’s own', async () => {
    const { stream, read } = lines();
    const redactor = new Redactor();
    redactor.set('secret/shop/db', ['hunter2-password']);
    const logger = createLogger('info', stream, redactor);
    logger.child({ detail: 'token hunter2-password' }).warn('rejected: hunter2-password', { error: 'value hunter2-password' });
    const text = JSON.stringify(await read());
    expect(text).not.toContain('hunter2-password');
    expect(text).toContain('rejected');
  });
});

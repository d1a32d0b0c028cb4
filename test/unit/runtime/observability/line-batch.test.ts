import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { LineBatch } from '../../../../src/runtime/observability/line-batch.js';
import { createLogger } from '../../../../src/runtime/observability/logger.js';

/** target records each write it is given. */
function target(): { stream: PassThrough; writes: string[] } {
  const stream = new PassThrough();
  const writes: string[] = [];
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string) => {
    writes.push(chunk);
    return write(chunk);
  }) as typeof stream.write;
  return { stream, writes };
}

describe('LineBatch', () => {
  it('gives the target the lines logged in one turn of the event loop as one write, in order', async () => {
    const { stream, writes } = target();
    const logger = createLogger('info', new LineBatch(stream));
    logger.info('one');
    logger.info('two');
    logger.info('three');
    await nextTurn();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['one', 'two', 'three']);
    logger.info('four');
    await nextTurn();
    expect(writes).toHaveLength(2);
  });

  it('writes what is waiting at once when flushed (before the process exits)', () => {
    const { stream, writes } = target();
    const batch = new LineBatch(stream);
    batch.write('last words\n');
    batch.flush();
    expect(writes).toEqual(['last words\n']);
    batch.flush();
    expect(writes).toHaveLength(1);
  });
});

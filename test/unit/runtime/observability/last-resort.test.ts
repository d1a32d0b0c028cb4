import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { installLastResort, type ProcessLike, unexpectedErrorExitCode } from '../../../../src/runtime/observability/last-resort.js';
import { createLogger } from '../../../../src/runtime/observability/logger.js';
import { Redactor } from '../../../../src/runtime/observability/redactor.js';

/** A stand-in for process: it emits the two events and records exit codes instead of exiting. */
function fakeProcess(): ProcessLike & EventEmitter & { codes: number[] } {
  const emitter = new EventEmitter() as EventEmitter & ProcessLike & { codes: number[] };
  emitter.codes = [];
  emitter.exit = (code: number) => void emitter.codes.push(code);
  return emitter;
}

function setUp() {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter((line) => line !== '')));
  const redactor = new Redactor();
  redactor.set('credentials/federation-system/east', ['member-token-value']);
  const target = fakeProcess();
  installLastResort(createLogger('info', stream, redactor), target, (done) => done());
  return { lines, target };
}

describe('installLastResort', () => {
  it.each([
    ['uncaughtException', new TypeError('Invalid URL')],
    ['unhandledRejection', new Error('rejected')],
    ['unhandledRejection', 'a rejection that is not an Error'],
  ])('logs one structured line for an %s and exits non-zero', (event, error) => {
    const { lines, target } = setUp();
    target.emit(event, error);
    expect(target.codes).toEqual([unexpectedErrorExitCode]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'error', msg: 'unexpected error, exiting', origin: event, error: error instanceof Error ? error.message : error });
  });

  it('exits once, even when a second error arrives while it is exiting', () => {
    const { lines, target } = setUp();
    target.emit('uncaughtException', new Error('first'));
    target.emit('unhandledRejection', new Error('second'));
    expect(target.codes).toEqual([unexpectedErrorExitCode]);
    expect(lines).toHaveLength(1);
  });

  it('redacts the error it logs, as every log line is', () => {
    const { lines, target } = setUp();
    target.emit('uncaughtException', new Error('request with member-token-value failed'));
    expect(lines.join('\n')).not.toContain('member-token-value');
    expect(lines[0]).toContain('request with [redacted] failed');
  });
});

import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { describeChange, describeMode, directMode, oneWayDelay, parseMode, renderMode, slowMode, type ProxyMode } from '../../../../src/cli/lab/proxy-mode.js';

describe('parseMode', () => {
  test.each<[unknown, ProxyMode]>([
    [{ mode: 'direct' }, directMode],
    [{ mode: 'partitioned' }, { mode: 'partitioned' }],
    [{ mode: 'slow', delayMilliseconds: 3000 }, { mode: 'slow', delayMilliseconds: 3000 }],
  ])('reads %j', (value, mode) => {
    expect(parseMode(value, 'PUT /mode')).toEqual(mode);
  });

  test.each<[unknown, RegExp]>([
    [null, /^PUT \/mode: expected an object like \{"mode":"partitioned"\}$/],
    [['partitioned'], /expected an object/],
    ['partitioned', /expected an object/],
    [{ mode: 'down' }, /mode is "down", not one of "direct", "partitioned", "slow"/],
    [{}, /mode is undefined/],
    [{ mode: 'partitioned', delayMilliseconds: 5 }, /unknown field "delayMilliseconds"/],
    [{ mode: 'slow' }, /slow needs delayMilliseconds, a number/],
    [{ mode: 'slow', delayMilliseconds: '3s' }, /slow needs delayMilliseconds/],
    [{ mode: 'slow', delayMilliseconds: 0 }, /PUT \/mode: the delay must be a whole number of milliseconds from 1ms to 10m, not 0/],
    [{ mode: 'slow', delayMilliseconds: 1.5 }, /not 1.5/],
    [{ mode: 'slow', delayMilliseconds: 600_001 }, /not 600001/],
    [{ mode: 'direct', __proto__: 1, extra: true }, /unknown field "extra"/],
  ])('rejects %j, saying why', (value, message) => {
    expect(() => parseMode(value, 'PUT /mode')).toThrow(message);
  });

  test('reads back whatever it renders', () => {
    const modes = fc.oneof(
      fc.constant<ProxyMode>(directMode),
      fc.constant<ProxyMode>({ mode: 'partitioned' }),
      fc.integer({ min: 1, max: 600_000 }).map((delay) => slowMode(delay)),
    );
    fc.assert(fc.property(modes, (mode) => expect(parseMode(JSON.parse(renderMode(mode)), 'file')).toEqual(mode)));
  });
});

describe('how a mode is said and what it does to a chunk', () => {
  test.each<[ProxyMode, string, number | undefined]>([
    [directMode, 'direct', 0],
    [{ mode: 'partitioned' }, 'partitioned', undefined],
    [slowMode(3000), 'slow 3s', 1500],
    [slowMode(120_000), 'slow 2m', 60_000],
    [slowMode(250), 'slow 250ms', 125],
    [slowMode(1500), 'slow 1500ms', 750],
  ])('%j is "%s", each direction held %s ms', (mode, said, delay) => {
    expect(describeMode(mode)).toBe(said);
    expect(oneWayDelay(mode)).toBe(delay);
  });

  test('a change names what the path was, and says so when nothing changed', () => {
    expect(describeChange('gcek8s', directMode, { mode: 'partitioned' })).toBe("gcek8s: kubefed's path is partitioned (was direct)");
    expect(describeChange('gcek8s', slowMode(3000), directMode)).toBe("gcek8s: kubefed's path is direct (was slow 3s)");
    expect(describeChange('gcek8s', directMode, directMode)).toBe("gcek8s: kubefed's path is already direct");
  });
});

import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../../../src/core/objects.js';
import { OwnWrites } from '../../../src/members/own-writes.js';
import { appliedHashAnnotation } from '../../../src/core/well-known.js';

const key = 'core/configmaps/ns/a';
const copy = (resourceVersion: string, uid = 'uid-1', labels: Record<string, string> = { managed: 'yes' }): KubeObject => ({
  metadata: { namespace: 'ns', name: 'a', uid, resourceVersion, labels },
});

describe('OwnWrites: a stored write', () => {
  test.each([
    ['nothing written: the cache', undefined, copy('5'), '5'],
    ['own write ahead of the watch: the write', copy('6'), copy('5'), '6'],
    ['own write of a copy the cache lacks: the write', copy('6'), undefined, '6'],
    ['the watch caught up: the cache', copy('6'), copy('6'), '6'],
    ['the watch moved past it: the cache', copy('6'), copy('7'), '7'],
  ])('%s', (_case, written, cached, expected) => {
    const writes = new OwnWrites();
    if (written) {
      writes.stored(key, written, undefined);
    }
    expect(writes.current(key, cached)?.metadata.resourceVersion).toBe(expected);
  });

  test('is not recorded when the cache already holds it', () => {
    const writes = new OwnWrites();
    writes.stored(key, copy('6'), copy('6'));
    expect(writes.current(key, undefined)).toBeUndefined();
  });

  test('is forgotten once the watch delivers it', () => {
    const writes = new OwnWrites();
    writes.stored(key, copy('6'), copy('5'));
    writes.observed(key, copy('5'));
    expect(writes.current(key, copy('5'))?.metadata.resourceVersion).toBe('6');
    writes.observed(key, copy('6'));
    expect(writes.current(key, undefined)).toBeUndefined();
  });
});

describe('OwnWrites: a copy being released or deleted', () => {
  test('is hidden from the moment the write is queued, through older watch events, until the watch shows it gone', () => {
    const writes = new OwnWrites();
    writes.leaving(key, copy('5'));
    expect(writes.current(key, copy('5'))).toBeUndefined();
    writes.observed(key, copy('5'));
    expect(writes.current(key, copy('5'))).toBeUndefined();
    writes.left(key, copy('5'), copy('8', 'uid-1', {}));
    // A version older than the release, still on its way when the release returned, is still the released copy.
    writes.observed(key, copy('7'));
    expect(writes.current(key, copy('7'))).toBeUndefined();
    writes.removed(key);
    expect(writes.current(key, copy('7'))?.metadata.resourceVersion).toBe('7');
  });

  test.each([
    ['a version at or past the write (a delete that waits on finalizers)', copy('8'), '8'],
    ['a newer object of that name', copy('3', 'uid-2'), '3'],
  ])('gives way to %s', (_case, cached, expected) => {
    const writes = new OwnWrites();
    writes.leaving(key, copy('5'));
    writes.left(key, copy('5'), copy('8'));
    expect(writes.current(key, cached)?.metadata.resourceVersion).toBe(expected);
    writes.observed(key, cached);
    expect(writes.current(key, copy('5'))?.metadata.resourceVersion).toBe('5');
  });

  test('without the object in the answer (a delete returns a Status) hides the copy until the watch shows it gone', () => {
    const writes = new OwnWrites();
    writes.leaving(key, copy('5'));
    writes.left(key, copy('5'), { metadata: {} });
    writes.observed(key, copy('9'));
    expect(writes.current(key, copy('9'))).toBeUndefined();
  });

  test('is the cached copy again when the member refused the write', () => {
    const writes = new OwnWrites();
    writes.leaving(key, copy('5'));
    writes.failed(key, copy('5'));
    expect(writes.current(key, copy('5'))?.metadata.resourceVersion).toBe('5');
  });

  test('a refusal does not drop a later write of the same object', () => {
    const writes = new OwnWrites();
    writes.leaving(key, copy('5'));
    writes.stored(key, copy('6', 'uid-2'), undefined);
    writes.failed(key, copy('5'));
    expect(writes.current(key, undefined)?.metadata.uid).toBe('uid-2');
  });
});

describe('OwnWrites: the version of a write', () => {
  test.each([
    ['the very version kubefed wrote: its recorded, trimmed copy', copy('6'), true],
    ['an older version', copy('5'), false],
    ['a newer version', copy('7'), false],
    ['another object of that name at the same version', copy('6', 'uid-2'), false],
  ])('%s', (_case, event, reused) => {
    const writes = new OwnWrites();
    const trimmed = { ...copy('6'), trimmed: true };
    writes.stored(key, copy('6'), undefined, () => trimmed);
    expect(writes.version(key, event)).toBe(reused ? trimmed : undefined);
  });

  test('is not trimmed when the cache already holds that version', () => {
    const writes = new OwnWrites();
    let trims = 0;
    writes.stored(key, copy('6'), copy('6'), (object) => {
      trims += 1;
      return object;
    });
    expect([trims, writes.version(key, copy('6'))]).toEqual([0, undefined]);
  });
});

describe('OwnWrites: the watch event of its own write', () => {
  test('is recognised by the very object the cache keeps for it, and by nothing else', () => {
    const writes = new OwnWrites();
    writes.stored(key, copy('6'), copy('5'));
    const delivered = writes.version(key, copy('6'));
    expect(delivered).toBeDefined();
    expect(writes.isOwn(key, delivered!)).toBe(true);
    // Another version of the same object (a member's own edit, say) is news, and so is an equal-looking copy.
    expect(writes.version(key, copy('7'))).toBeUndefined();
    expect(writes.isOwn(key, copy('6'))).toBe(false);
  });

  test('a write the watch delivered first is not one (its event was queued as it came)', () => {
    const writes = new OwnWrites();
    writes.stored(key, copy('6'), copy('6'));
    expect(writes.version(key, copy('6'))).toBeUndefined();
  });
});

describe('OwnWrites: the watch event of a write still in flight', () => {
  const hashed = (resourceVersion: string, hash: string | undefined, uid = 'uid-1'): KubeObject => ({
    metadata: { namespace: 'ns', name: 'a', uid, resourceVersion, ...(hash === undefined ? {} : { annotations: { [appliedHashAnnotation]: hash } }) },
  });

  test.each([
    ['the version carrying the hash sent, before the answer', 'h1', hashed('6', 'h1'), true],
    ['a version carrying another hash (somebody else’s edit)', 'h1', hashed('6', 'h0'), false],
    ['a version without kubefed’s hash', 'h1', hashed('6', undefined), false],
  ])('%s: own %s', (_case, sentHash, delivered, own) => {
    const writes = new OwnWrites();
    writes.sending(key, hashed('', sentHash));
    expect(writes.isOwn(key, delivered)).toBe(own);
    expect(writes.isOwn('core/configmaps/ns/b', delivered)).toBe(false);
  });

  test('is news again once the write is answered, failed or not, and a later write of the key is not undone by an earlier answer', () => {
    const writes = new OwnWrites();
    const answered = writes.sending(key, hashed('', 'h1'));
    answered();
    expect(writes.isOwn(key, hashed('6', 'h1'))).toBe(false);
    const first = writes.sending(key, hashed('', 'h1'));
    writes.sending(key, hashed('', 'h2'));
    first();
    expect(writes.isOwn(key, hashed('7', 'h2'))).toBe(true);
  });

  test('records nothing for a write that carries no hash', () => {
    const writes = new OwnWrites();
    writes.sending(key, hashed('', undefined));
    expect(writes.isOwn(key, hashed('6', undefined))).toBe(false);
  });
});


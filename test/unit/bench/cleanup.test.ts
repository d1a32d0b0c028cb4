import { describe, expect, it } from '@jest/globals';
import { onInterrupt, runCleanups } from '../../../src/bench/cleanup.js';

describe('interrupt cleanups', () => {
  it('run newest first, once each, skipping those already unregistered and surviving failures', async () => {
    const ran: string[] = [];
    onInterrupt(() => Promise.resolve(void ran.push('lab')));
    const forget = onInterrupt(() => Promise.resolve(void ran.push('stopped normally')));
    onInterrupt(() => {
      ran.push('controller-manager');
      return Promise.reject(new Error('already gone'));
    });
    forget();
    await runCleanups();
    await runCleanups();
    expect(ran).toEqual(['controller-manager', 'lab']);
  });
});

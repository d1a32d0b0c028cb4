import { describe, expect, it } from '@jest/globals';
import { gatedSignal } from '../../../src/kube/write-gate.js';

const gate = (controller: AbortController) => ({ signal: controller.signal, refusal: () => undefined });

describe('gatedSignal', () => {
  it('is the request\'s own signal when there is no gate', () => {
    const own = new AbortController().signal;
    expect(gatedSignal(undefined, own)).toBe(own);
    expect(gatedSignal(undefined, undefined)).toBeUndefined();
  });

  it.each(['gate', 'own'] as const)('aborts when the %s signal aborts', (which) => {
    const fence = new AbortController();
    const own = new AbortController();
    const signal = gatedSignal(gate(fence), own.signal);
    expect(signal?.aborted).toBe(false);
    (which === 'gate' ? fence : own).abort();
    expect(signal?.aborted).toBe(true);
  });

  it('is the gate\'s signal for a request without one', () => {
    const fence = new AbortController();
    expect(gatedSignal(gate(fence), undefined)).toBe(fence.signal);
  });

  it('makes one combined signal per pair of signals, not one per request, and each pair aborts on its own', () => {
    const fence = new AbortController();
    const first = new AbortController();
    const second = new AbortController();
    const combined = gatedSignal(gate(fence), first.signal);
    expect(gatedSignal(gate(fence), first.signal)).toBe(combined);
    const other = gatedSignal(gate(fence), second.signal);
    expect(other).not.toBe(combined);
    second.abort();
    expect([combined?.aborted, other?.aborted]).toEqual([false, true]);
    const renewed = new AbortController();
    expect(gatedSignal(gate(renewed), first.signal)).not.toBe(combined);
  });
});

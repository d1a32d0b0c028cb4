/**
 * WriteGate fences a client's writes: while refusal() names a reason no write (any method but GET)
 * is sent, and when signal aborts every request of the client still in flight is aborted. The
 * leader elector provides one, so a process that lost (or cannot confirm) its leadership stops
 * writing at once instead of racing the new leader.
 */
export interface WriteGate {
  readonly signal: AbortSignal;
  refusal(): string | undefined;
}

/** FencedError is a write the gate refused; nothing was sent. */
export class FencedError extends Error {
  constructor(reason: string) {
    super(`write not sent: ${reason}`);
    this.name = 'FencedError';
  }
}

/** Combined signals by the gate's signal and the request's: a member's writes all run under its dispatcher's one signal. */
const combined = new WeakMap<AbortSignal, WeakMap<AbortSignal, AbortSignal>>();

/**
 * gatedSignal is the signal a request runs under: its own, the gate's, or both. Both is made once per
 * pair of signals, not once per request (AbortSignal.any registers with each source).
 */
export function gatedSignal(gate: WriteGate | undefined, own: AbortSignal | undefined): AbortSignal | undefined {
  if (!gate || !own) {
    return gate?.signal ?? own;
  }
  let byOwn = combined.get(gate.signal);
  if (!byOwn) {
    byOwn = new WeakMap();
    combined.set(gate.signal, byOwn);
  }
  let signal = byOwn.get(own);
  if (!signal) {
    signal = AbortSignal.any([gate.signal, own]);
    byOwn.set(own, signal);
  }
  return signal;
}

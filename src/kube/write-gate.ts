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

/** gatedSignal is the signal a request runs under: its own, the gate's, or both. */
export function gatedSignal(gate: WriteGate | undefined, own: AbortSignal | undefined): AbortSignal | undefined {
  if (!gate) {
    return own;
  }
  return own ? AbortSignal.any([gate.signal, own]) : gate.signal;
}

// One direction of a proxied connection: bytes (and the close) in arrival order, each released once the path allows.
import type { Socket } from 'node:net';
import { oneWayDelay, type ProxyMode } from './proxy-mode.js';

type Entry = { readonly dueAt: number; readonly bytes: Buffer } | { readonly dueAt: number; readonly close: 'end' | 'reset' };

/** Bytes held past this pause the source, as a full TCP window would; only a slow or partitioned path gets there. */
const pauseAbove = 4 * 1048576;

/**
 * A Channel reads `source` and writes `destination` (attached later: a new connection reaches the member only once the
 * path lets it). While the path is partitioned nothing is released, not even a close, so the far side sees silence;
 * slow, each entry waits its one-way delay, counted from its arrival; direct, it passes at once. Order is kept.
 */
export class Channel {
  readonly #source: Socket;
  readonly #path: () => ProxyMode;
  readonly #now: () => number;
  readonly #queue: Entry[] = [];
  #held = 0;
  #destination: Socket | undefined;
  #timer: NodeJS.Timeout | undefined;
  #waitingForDrain = false;
  #pausedSource = false;
  #closeQueued = false;

  constructor(source: Socket, path: () => ProxyMode, now: () => number = Date.now) {
    this.#source = source;
    this.#path = path;
    this.#now = now;
    source.on('data', (bytes: Buffer) => {
      this.#held += bytes.length;
      this.#enqueue({ dueAt: this.#dueAt(), bytes });
      if (this.#held > pauseAbove && !this.#pausedSource) {
        this.#pausedSource = true;
        source.pause();
      }
    });
    source.on('end', () => this.#close('end'));
    source.on('close', () => this.#close('reset'));
  }

  /** Bytes read from the source and not yet written on. */
  get held(): number {
    return this.#held;
  }

  attach(destination: Socket): void {
    this.#destination = destination;
    this.pump();
  }

  /** pump releases what is due; the owner calls it again when the path changes. */
  pump(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const destination = this.#destination;
    while (this.#queue.length > 0 && destination !== undefined && !this.#waitingForDrain) {
      if (oneWayDelay(this.#path()) === undefined) {
        return;
      }
      const head = this.#queue[0] as Entry;
      const wait = head.dueAt - this.#now();
      if (wait > 0) {
        this.#timer = setTimeout(() => this.pump(), wait);
        return;
      }
      this.#queue.shift();
      this.#deliver(head, destination);
    }
  }

  #dueAt(): number {
    return this.#now() + (oneWayDelay(this.#path()) ?? 0);
  }

  #close(kind: 'end' | 'reset'): void {
    // 'close' follows 'end' on a clean shutdown; the end already says it all.
    if (!this.#closeQueued) {
      this.#closeQueued = true;
      this.#enqueue({ dueAt: this.#dueAt(), close: kind });
    }
  }

  #enqueue(entry: Entry): void {
    this.#queue.push(entry);
    if (this.#queue.length === 1) {
      this.pump();
    }
  }

  #deliver(entry: Entry, destination: Socket): void {
    if ('close' in entry) {
      if (entry.close === 'end') {
        destination.end();
      } else if (!destination.destroyed) {
        destination.resetAndDestroy();
      }
      return;
    }
    this.#held -= entry.bytes.length;
    if (this.#pausedSource && this.#held < pauseAbove / 2) {
      this.#pausedSource = false;
      this.#source.resume();
    }
    if (destination.destroyed || destination.writableEnded) {
      return;
    }
    if (!destination.write(entry.bytes)) {
      this.#waitingForDrain = true;
      destination.once('drain', () => {
        this.#waitingForDrain = false;
        this.pump();
      });
    }
  }

  /** stop forgets what is held, for a proxy shutting down. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#queue.length = 0;
  }
}

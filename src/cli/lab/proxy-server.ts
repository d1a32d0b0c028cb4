// kubefed's path to one member's API server: a TCP proxy on 127.0.0.1 that `lab partition|slow|heal` cuts, slows and
// heals, while the member itself (and every admin context, which goes direct) keeps running.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { loopback } from './arguments.js';
import { Channel } from './proxy-channel.js';
import { directMode, oneWayDelay, type ProxyMode } from './proxy-mode.js';

interface Connection {
  readonly client: Socket;
  readonly toMember: Channel;
  upstream?: Socket;
  fromMember?: Channel;
  clientClosed: boolean;
  upstreamClosed: boolean;
  /** kubefed sent its FIN or reset; until the path passes it on, the member does not know. */
  clientEnded: boolean;
}

export interface ProxyCounts {
  readonly connections: number;
  /** Of those, the ones kubefed has closed (given up on) while the close is still held from the member. */
  readonly closedByKubefed: number;
  /** Bytes read on either side and not yet passed on: what a partition or a slow link is holding back. */
  readonly heldBytes: number;
}

/**
 * MemberProxy passes bytes between kubefed and one member's API server as its mode says. TLS goes through untouched
 * (the member's certificate covers 127.0.0.1), so to kubefed the proxy is the member at another port.
 */
export class MemberProxy {
  readonly #targetPort: number;
  readonly #server: Server;
  readonly #connections = new Set<Connection>();
  #mode: ProxyMode;

  constructor(targetPort: number, mode: ProxyMode = directMode) {
    this.#targetPort = targetPort;
    this.#mode = mode;
    // Half-open: a client's FIN must not end the answer still on its way back.
    this.#server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => this.#accept(client));
  }

  get mode(): ProxyMode {
    return this.#mode;
  }

  get counts(): ProxyCounts {
    let heldBytes = 0;
    let closedByKubefed = 0;
    for (const connection of this.#connections) {
      heldBytes += connection.toMember.held + (connection.fromMember?.held ?? 0);
      closedByKubefed += connection.clientEnded ? 1 : 0;
    }
    return { connections: this.#connections.size, closedByKubefed, heldBytes };
  }

  /** listen binds 127.0.0.1:port (0 lets the kernel choose) and returns the port. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen({ host: loopback, port, exclusive: true }, () => {
        this.#server.off('error', reject);
        const address = this.#server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  /** setMode changes the path for open connections and new ones alike, and returns the mode it replaced. */
  setMode(mode: ProxyMode): ProxyMode {
    const before = this.#mode;
    this.#mode = mode;
    for (const connection of this.#connections) {
      this.#reach(connection);
      connection.toMember.pump();
      connection.fromMember?.pump();
    }
    return before;
  }

  /** close stops accepting and drops every connection without passing on what is held. */
  close(): Promise<void> {
    for (const connection of this.#connections) {
      connection.toMember.stop();
      connection.fromMember?.stop();
      connection.client.destroy();
      connection.upstream?.destroy();
    }
    this.#connections.clear();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    const connection: Connection = { client, toMember: new Channel(client, () => this.#mode), clientClosed: false, upstreamClosed: false, clientEnded: false };
    this.#connections.add(connection);
    // A reset from kubefed is a close like any other; the Channel passes it on in order.
    client.on('error', () => undefined);
    client.once('end', () => (connection.clientEnded = true));
    client.once('close', () => {
      connection.clientEnded = true;
      connection.clientClosed = true;
      this.#forgetWhenDone(connection);
    });
    this.#reach(connection);
  }

  /** A connection reaches the member only while the path lets bytes through: partitioned, even the SYN goes nowhere. */
  #reach(connection: Connection): void {
    if (connection.upstream !== undefined || oneWayDelay(this.#mode) === undefined) {
      return;
    }
    if (connection.clientEnded) {
      // kubefed gave up on it while it was partitioned; a real SYN would not be retried after that either.
      connection.toMember.stop();
      connection.client.destroy();
      this.#connections.delete(connection);
      return;
    }
    const upstream = connect({ host: loopback, port: this.#targetPort, allowHalfOpen: true, noDelay: true });
    connection.upstream = upstream;
    upstream.on('error', () => undefined);
    const fromMember = new Channel(upstream, () => this.#mode);
    connection.fromMember = fromMember;
    upstream.once('connect', () => connection.toMember.attach(upstream));
    // A member that refuses (its API server stopped) resets kubefed's connection: refused, not silent.
    fromMember.attach(connection.client);
    upstream.once('close', () => {
      connection.upstreamClosed = true;
      this.#forgetWhenDone(connection);
    });
  }

  #forgetWhenDone(connection: Connection): void {
    const upstreamDone = connection.upstream === undefined ? connection.clientClosed : connection.upstreamClosed;
    if (connection.clientClosed && upstreamDone) {
      connection.toMember.stop();
      connection.fromMember?.stop();
      this.#connections.delete(connection);
    }
  }
}

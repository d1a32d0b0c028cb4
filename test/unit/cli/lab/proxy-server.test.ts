// The member proxy on loopback sockets, in front of a small echo server that stands for the member.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { directMode, slowMode } from '../../../../src/cli/lab/proxy-mode.js';
import { MemberProxy } from '../../../../src/cli/lab/proxy-server.js';

interface Member {
  server: Server;
  port: number;
  /** Bytes the member received. */
  received: () => number;
}

async function echoMember(): Promise<Member> {
  let received = 0;
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      socket.write(chunk);
    });
    socket.on('end', () => socket.end());
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0, received: () => received };
}

interface Client {
  socket: Socket;
  text: () => string;
  closed: Promise<void>;
}

async function client(port: number): Promise<Client> {
  const socket = connect({ host: '127.0.0.1', port });
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return { socket, text: () => text, closed };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let member: Member;
let proxy: MemberProxy;
let port: number;

beforeEach(async () => {
  member = await echoMember();
  proxy = new MemberProxy(member.port);
  port = await proxy.listen(0);
});

afterEach(async () => {
  await proxy.close();
  member.server.close();
});

describe('MemberProxy', () => {
  test('direct, passes bytes both ways and a close', async () => {
    const kubefed = await client(port);
    kubefed.socket.write('hello');
    await until(() => kubefed.text() === 'hello');
    kubefed.socket.end();
    await kubefed.closed;
    await until(() => proxy.counts.connections === 0);
  });

  test('partitioned, accepts and reads a new connection but never reaches the member, until healed', async () => {
    proxy.setMode({ mode: 'partitioned' });
    const kubefed = await client(port);
    kubefed.socket.write('GET /readyz');
    await until(() => proxy.counts.heldBytes === 'GET /readyz'.length);
    expect({ member: member.received(), answer: kubefed.text(), open: !kubefed.socket.destroyed }).toEqual({ member: 0, answer: '', open: true });

    expect(proxy.setMode(directMode)).toEqual({ mode: 'partitioned' });
    await until(() => kubefed.text() === 'GET /readyz');
    expect(proxy.counts.heldBytes).toBe(0);
    kubefed.socket.destroy();
  });

  test('partitioned, holds an open connection silently in both directions, even its close', async () => {
    const kubefed = await client(port);
    kubefed.socket.write('a');
    await until(() => kubefed.text() === 'a');
    proxy.setMode({ mode: 'partitioned' });
    kubefed.socket.write('bc');
    await until(() => proxy.counts.heldBytes === 2);
    expect(member.received()).toBe(1);
    kubefed.socket.destroy();
    await until(() => proxy.counts.closedByKubefed === 1);
    // The close is held like the bytes: the member still has its connection.
    expect(proxy.counts.connections).toBe(1);
    proxy.setMode(directMode);
    await until(() => member.received() === 3);
    await until(() => proxy.counts.connections === 0);
  });

  test('a connection kubefed gave up on while partitioned never reaches the member after the heal', async () => {
    proxy.setMode({ mode: 'partitioned' });
    const kubefed = await client(port);
    kubefed.socket.write('late');
    await until(() => proxy.counts.heldBytes === 4);
    kubefed.socket.destroy();
    await until(() => proxy.counts.closedByKubefed === 1);
    proxy.setMode(directMode);
    await until(() => proxy.counts.connections === 0);
    expect(member.received()).toBe(0);
  });

  test('slow, answers no sooner than the delay after the question', async () => {
    proxy.setMode(slowMode(200));
    const kubefed = await client(port);
    const asked = performance.now();
    kubefed.socket.write('ping');
    await until(() => kubefed.text() === 'ping');
    // A lower bound: the bytes cannot arrive before they are released (no upper bound: the machine may be busy).
    expect(performance.now() - asked).toBeGreaterThanOrEqual(199);
    kubefed.socket.destroy();
  });

  test('a member that refuses connections resets kubefed, as the member itself would', async () => {
    member.server.close();
    await new Promise((resolve) => setImmediate(resolve));
    const kubefed = await client(port);
    await kubefed.closed;
    expect(kubefed.text()).toBe('');
  });
});

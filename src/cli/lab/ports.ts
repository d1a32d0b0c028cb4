// Free loopback ports, chosen when the lab starts.
import { createServer, type Server } from 'node:net';
import { loopback } from './arguments.js';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: loopback, port, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Ports come from below Linux's ephemeral range (32768–60999): a port the kernel hands out for port 0 is also what it
 * hands to outgoing connections, so between our check and the component's bind a client socket could take it. They
 * also stay below Kubernetes' NodePort range (30000–32767), which tests bind as a host would.
 */
const lowest = 20_000;
const highest = 29_999;

async function listenAnywhereBelowEphemeral(random: () => number): Promise<Server> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      return await listen(lowest + Math.floor(random() * (highest - lowest + 1)));
    } catch {
      // Taken; try another.
    }
  }
  return listen(0);
}

/**
 * freePorts finds `count` distinct free ports. All listeners stay open until the last one is chosen, so no port is
 * chosen twice.
 */
export async function freePorts(count: number, random: () => number = Math.random): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      servers.push(await listenAnywhereBelowEphemeral(random));
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        throw new Error('a listening socket has no port');
      }
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}

export async function portIsFree(port: number): Promise<boolean> {
  try {
    await close(await listen(port));
    return true;
  } catch {
    return false;
  }
}

import { describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { freePorts, portIsFree } from '../../../../src/cli/lab/ports.js';

function hold(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve(server));
  });
}

describe('freePorts', () => {
  it('chooses distinct ports below the ephemeral and NodePort ranges, where outgoing connections and node ports never land', async () => {
    const ports = await freePorts(12);
    expect(new Set(ports).size).toBe(12);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(30_000);
      expect(await portIsFree(port)).toBe(true);
    }
  });

  it('passes over a port that is taken', async () => {
    const taken = (await freePorts(1))[0]!;
    const holder = await hold(taken);
    try {
      // The first draw lands on the taken port, the next ones anywhere.
      const draws = [(taken - 20_000) / 10_000, 0.5, 0.25];
      const ports = await freePorts(1, () => draws.shift() ?? Math.random());
      expect(ports[0]).not.toBe(taken);
      expect(await portIsFree(taken)).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

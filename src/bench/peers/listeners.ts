// Which TCP ports a process listens on, and on which address: every listener of a system under test must be on
// 127.0.0.1 (metrics, health, webhook, aggregated apiserver). Read from /proc, so no flag can be missed.
import { readdir, readFile, readlink } from 'node:fs/promises';

export interface Listener {
  address: string;
  port: number;
  inode: number;
}

/** The kernel's hex IPv4 address is little-endian: 0100007F is 127.0.0.1. */
function ipv4(hex: string): string {
  const bytes = hex.match(/../g)?.map((pair) => Number.parseInt(pair, 16)) ?? [];
  return bytes.reverse().join('.');
}

/** IPv6 comes as four little-endian 32-bit words; only the forms a listener can have matter here. */
function ipv6(hex: string): string {
  const words = (hex.match(/.{8}/g) ?? []).map((word) => (word.match(/../g) ?? []).reverse().join(''));
  const joined = words.join('').toLowerCase();
  if (/^0+$/.test(joined)) {
    return '::';
  }
  if (joined === '00000000000000000000000000000001') {
    return '::1';
  }
  if (joined.startsWith('00000000000000000000ffff')) {
    return `::ffff:${ipv4(joined.slice(24).match(/../g)?.reverse().join('') ?? '')}`;
  }
  return (joined.match(/.{4}/g) ?? []).join(':');
}

/** parseListeners reads the LISTEN sockets (state 0A) of a /proc/net/tcp or tcp6 table. Pure. */
export function parseListeners(table: string, family: 4 | 6): Listener[] {
  const listeners: Listener[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== '0A') {
      continue;
    }
    const [address, port] = (fields[1] ?? '').split(':');
    listeners.push({
      address: family === 4 ? ipv4(address ?? '') : ipv6(address ?? ''),
      port: Number.parseInt(port ?? '0', 16),
      inode: Number(fields[9]),
    });
  }
  return listeners;
}

/** isLoopbackOnly says whether a listening address is reachable from this machine only. */
export function isLoopbackOnly(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

/** listenersOf lists the TCP sockets a process listens on. */
export async function listenersOf(pid: number): Promise<Listener[]> {
  const inodes = new Set<number>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch((): string[] => [])) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) {
      inodes.add(Number(match[1]));
    }
  }
  const tables = await Promise.all([
    readFile(`/proc/${pid}/net/tcp`, 'utf8').then((text) => parseListeners(text, 4)),
    readFile(`/proc/${pid}/net/tcp6`, 'utf8').then((text) => parseListeners(text, 6)).catch(() => []),
  ]);
  return tables.flat().filter((listener) => inodes.has(listener.inode));
}

/** assertLoopback throws, naming the process and the address, if it listens anywhere but on loopback. */
export async function assertLoopback(name: string, pid: number): Promise<Listener[]> {
  const listeners = await listenersOf(pid);
  const exposed = listeners.filter((listener) => !isLoopbackOnly(listener.address));
  if (exposed.length > 0) {
    throw new Error(`${name} (pid ${pid}) listens beyond loopback: ${exposed.map((listener) => `${listener.address}:${listener.port}`).join(', ')}`);
  }
  return listeners;
}

// Raw HTTP for tests of hostile input: bytes that no HTTP client would send, and a real TLS ClientHello.
import { connect, createServer } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** exchange writes raw bytes, half-closes, and returns everything the server sent before it closed. */
export function exchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may close before reading everything (a 431, say): a reset then is an answer like any other.
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

/** statusOf is the status code of the first response, or undefined when the server answered nothing. */
export function statusOf(response: string): number | undefined {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(response);
  return match ? Number(match[1]) : undefined;
}

/** rawRequest builds request bytes from a request line, header lines and a body, exactly as given. */
export function rawRequest(line: string, headers: string[] = ['Host: kubefed'], body = ''): Buffer {
  return Buffer.from(`${line}\r\n${headers.map((header) => `${header}\r\n`).join('')}\r\n${body}`, 'latin1');
}

/** captureClientHello records the first bytes a TLS client sends: what a TLS probe puts on a plain port. */
export async function captureClientHello(): Promise<Buffer> {
  const server = createServer();
  const hello = new Promise<Buffer>((resolve) =>
    server.once('connection', (socket) =>
      socket.once('data', (chunk: Buffer) => {
        resolve(chunk);
        socket.destroy();
      }),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const client = tlsConnect({ port, host: '127.0.0.1', servername: 'kubefed.example', rejectUnauthorized: false });
  client.on('error', () => undefined);
  const bytes = await hello;
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
  return bytes;
}

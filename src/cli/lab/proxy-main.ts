// The member proxy process the lab starts in front of each member (see proxy-server.ts); `lab down` stops it.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loopback } from './arguments.js';
import { controlServer } from './proxy-control.js';
import { directMode, parseMode, renderMode, type ProxyMode } from './proxy-mode.js';
import { MemberProxy } from './proxy-server.js';
import { errorCode, errorMessage } from '../../kube/errors.js';

const log = (line: string): void => void process.stdout.write(`${new Date().toISOString()} ${line}\n`);

function port(value: string | undefined, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65_535) {
    throw new Error(`--${name} must be a port, not ${JSON.stringify(value)}`);
  }
  return number;
}

/** The mode survives a restart of the proxy: a partitioned member stays partitioned until `lab heal`. */
async function recordedMode(file: string): Promise<ProxyMode> {
  try {
    return parseMode(JSON.parse(await readFile(file, 'utf8')), file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return directMode;
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { listen: { type: 'string' }, target: { type: 'string' }, control: { type: 'string' }, 'token-file': { type: 'string' }, 'mode-file': { type: 'string' } },
    strict: true,
  });
  const modeFile = values['mode-file'];
  const tokenFile = values['token-file'];
  if (modeFile === undefined || tokenFile === undefined) {
    throw new Error('--mode-file and --token-file are required');
  }
  const token = (await readFile(tokenFile, 'utf8')).trim();
  const proxy = new MemberProxy(port(values.target, 'target'), await recordedMode(modeFile));
  const listening = await proxy.listen(port(values.listen, 'listen'));
  const control = controlServer(proxy, {
    token,
    log,
    changed: async (mode) => {
      const temporary = `${modeFile}.${process.pid}.tmp`;
      await writeFile(temporary, `${renderMode(mode)}\n`);
      await rename(temporary, modeFile);
    },
  });
  const controlPort = port(values.control, 'control');
  await new Promise<void>((resolve, reject) => {
    control.once('error', reject);
    control.listen({ host: loopback, port: controlPort, exclusive: true }, resolve);
  });
  log(`proxy ${loopback}:${listening} -> ${loopback}:${values.target ?? ''}, mode ${renderMode(proxy.mode)}, control ${loopback}:${controlPort}`);
  const stop = (): void => {
    control.close();
    void proxy.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  log(`member proxy failed: ${errorMessage(error)}`);
  process.exit(1);
});

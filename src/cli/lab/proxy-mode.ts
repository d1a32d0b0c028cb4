// What a member's proxy does with kubefed's traffic, as data: read from the control API and the mode file, shown by
// `lab status`. Pure.

import { errorMessage } from '../../kube/errors.js';
import { isJsonObject } from '../../scheduling/go-json.js';

/**
 * direct: bytes pass at once. partitioned: bytes in both directions are held, not answered and not refused, on open
 * connections and new ones alike (a new connection is accepted but never reaches the member), until the mode changes.
 * slow: every chunk is held half the delay on the way to the member and half on the way back, so a request on an open
 * connection is answered `delayMilliseconds` late, as across a slow link.
 */
export type ProxyMode = { readonly mode: 'direct' } | { readonly mode: 'partitioned' } | { readonly mode: 'slow'; readonly delayMilliseconds: number };

export const directMode: ProxyMode = { mode: 'direct' };

/** A delay past this is a typo (3h for 3s), and would only keep connections stuck past every timeout anyway. */
export const maximumDelayMilliseconds = 600_000;

/** slowMode checks the delay: a whole number of milliseconds from 1 to ten minutes (0 is `lab heal`). */
export function slowMode(delayMilliseconds: number): ProxyMode {
  if (!Number.isInteger(delayMilliseconds) || delayMilliseconds < 1 || delayMilliseconds > maximumDelayMilliseconds) {
    throw new Error(`the delay must be a whole number of milliseconds from 1ms to 10m, not ${delayMilliseconds}`);
  }
  return { mode: 'slow', delayMilliseconds };
}

/** parseMode validates a mode sent to the control API or read from the mode file; `source` names it in the error. */
export function parseMode(value: unknown, source: string): ProxyMode {
  if (!isJsonObject(value)) {
    throw new Error(`${source}: expected an object like {"mode":"partitioned"}`);
  }
  const fields = value;
  const known = fields.mode === 'slow' ? ['mode', 'delayMilliseconds'] : ['mode'];
  const unknown = Object.keys(fields).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new Error(`${source}: unknown field ${unknown.map((key) => JSON.stringify(key)).join(', ')}`);
  }
  switch (fields.mode) {
    case 'direct':
      return directMode;
    case 'partitioned':
      return { mode: 'partitioned' };
    case 'slow':
      if (typeof fields.delayMilliseconds !== 'number') {
        throw new Error(`${source}: slow needs delayMilliseconds, a number`);
      }
      try {
        return slowMode(fields.delayMilliseconds);
      } catch (error) {
        throw new Error(`${source}: ${errorMessage(error)}`, { cause: error });
      }
    default:
      throw new Error(`${source}: mode is ${JSON.stringify(fields.mode)}, not one of "direct", "partitioned", "slow"`);
  }
}

export function renderMode(mode: ProxyMode): string {
  return JSON.stringify(mode);
}

/** describeMode is how `lab status` and the CLI say it: direct, partitioned, slow 3s. */
export function describeMode(mode: ProxyMode): string {
  return mode.mode === 'slow' ? `slow ${describeDelay(mode.delayMilliseconds)}` : mode.mode;
}

function describeDelay(milliseconds: number): string {
  if (milliseconds % 60_000 === 0) {
    return `${milliseconds / 60_000}m`;
  }
  return milliseconds % 1000 === 0 ? `${milliseconds / 1000}s` : `${milliseconds}ms`;
}

/** How long a chunk waits in one direction: half the round trip when slow; undefined while partitioned (until healed). */
export function oneWayDelay(mode: ProxyMode): number | undefined {
  switch (mode.mode) {
    case 'direct':
      return 0;
    case 'partitioned':
      return undefined;
    case 'slow':
      return mode.delayMilliseconds / 2;
  }
}

/** The CLI's line after a change: what the member's path is now, and what it was. */
export function describeChange(cluster: string, before: ProxyMode, after: ProxyMode): string {
  const now = describeMode(after);
  const was = describeMode(before);
  return now === was ? `${cluster}: kubefed's path is already ${now}` : `${cluster}: kubefed's path is ${now} (was ${was})`;
}

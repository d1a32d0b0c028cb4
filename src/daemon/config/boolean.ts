import { InvalidArgumentError } from 'commander';

/** The only spellings a boolean flag or environment variable may take; anything else is a mistake to report. */
const values: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

/**
 * parseBoolean reads a boolean flag's (or its environment variable's) value strictly: "true", "1", "false"
 * or "0". A lenient reading turns typos into a value ("off" and "" were once true), and for a flag like
 * --insecure-skip-member-tls-verify that silently switches a protection off. Commander puts the flag or
 * variable name in front of the message.
 */
export function parseBoolean(text: string): boolean {
  const value = Object.hasOwn(values, text) ? values[text] : undefined;
  if (value === undefined) {
    throw new InvalidArgumentError(`${JSON.stringify(text)} is not a boolean: use true, false, 1 or 0.`);
  }
  return value;
}

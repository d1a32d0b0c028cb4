// Output shared by the operator commands: -o table|json|yaml, aligned tables, colour only on a
// terminal, progress lines, and the exit codes scripts can rely on.
import { styleText } from 'node:util';
import { CommanderError, InvalidArgumentError, Option } from 'commander';
import { dump } from 'js-yaml';

/**
 * Exit codes of every kubefed command:
 * 0 done; 1 failed (the message says why; also a rollout that failed or timed out, as kubectl);
 * 2 the command line was wrong (unknown flag, missing argument); 3 the command worked but found
 * something unhealthy (only where a command says so, e.g. `kubefed status --exit-code`).
 */
export const ExitCode = { ok: 0, failure: 1, usage: 2, unhealthy: 3 } as const;

/** exitWith ends the command with a code after its output was written; run() returns the code without another message. */
export function exitWith(code: number, reason: string): never {
  throw new CommanderError(code, 'kubefed.exit', reason);
}

export type OutputFormat = 'table' | 'json' | 'yaml';

/** outputOption is -o/--output restricted to the formats a command supports. */
export function outputOption(formats: readonly OutputFormat[] = ['table', 'json', 'yaml'], fallback: OutputFormat = 'table'): Option {
  return new Option('-o, --output <format>', `output format: ${formats.join(', ')}`).choices(formats).default(fallback);
}

/** yamlDocument renders one value the way kubectl prints YAML: block style, no anchors, no line folding. */
export function yamlDocument(value: unknown): string {
  return dump(value, { noRefs: true, lineWidth: -1, sortKeys: false });
}

/** yamlStream renders several objects as one multi-document YAML stream. */
export function yamlStream(values: readonly unknown[]): string {
  return values.map((value) => `---\n${yamlDocument(value)}`).join('');
}

export function jsonDocument(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** formatValue renders structured output; tables are each command's own business. */
export function formatValue(format: Exclude<OutputFormat, 'table'>, value: unknown): string {
  return format === 'json' ? jsonDocument(value) : yamlDocument(value);
}

export type Style = 'green' | 'red' | 'yellow' | 'bold' | 'dim';

/** A table cell: plain text, or text with a style applied only when the output is a terminal. */
export type Cell = string | { text: string; style?: Style };

const cellText = (cell: Cell): string => (typeof cell === 'string' ? cell : cell.text);

/**
 * Painter colours text only when the stream is a terminal that accepts colour (NO_COLOR,
 * FORCE_COLOR and TERM are honoured by node:util), so piped output stays plain.
 */
export interface Painter {
  (style: Style | undefined, text: string): string;
}

export function painterFor(stream: NodeJS.WritableStream & { isTTY?: boolean }): Painter {
  return (style, text) => (style === undefined ? text : styleText(style, text, { stream, validateStream: true }));
}

/** plain never colours; builders and tests use it. */
export const plain: Painter = (_style, text) => text;

/** renderTable aligns columns as kubectl does (three spaces apart); styles never affect the widths. */
export function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[], paint: Painter = plain): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => cellText(row[column] ?? '').length)));
  const line = (cells: readonly Cell[]) =>
    cells
      .map((cell, column) => {
        const text = cellText(cell);
        const padded = column === cells.length - 1 ? text : text.padEnd(widths[column] ?? text.length);
        return typeof cell === 'string' ? padded : paint(cell.style, text) + padded.slice(text.length);
      })
      .join('   ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** age renders the time since an RFC 3339 timestamp in kubectl's short form (45s, 12m, 3h, 2d). */
export function age(timestamp: string | undefined, now: Date): string {
  if (!timestamp) {
    return '<unknown>';
  }
  const then = Date.parse(timestamp);
  if (Number.isNaN(then)) {
    return '<invalid>';
  }
  const seconds = Math.max(0, Math.floor((now.getTime() - then) / 1000));
  if (seconds < 120) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) {
    return `${minutes}m`;
  }
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.floor(hours / 24)}d`;
}

/** Writer is where a command prints: stdout for results, stderr for progress and notes. */
export interface Writer {
  out(text: string): void;
  err(text: string): void;
  paintOut: Painter;
  paintErr: Painter;
}

export const processWriter: Writer = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  paintOut: painterFor(process.stdout),
  paintErr: painterFor(process.stderr),
};

/** Progress prints one line per subject whenever that subject's state text changes, never the same line twice. */
export class Progress {
  readonly #last = new Map<string, string>();

  constructor(readonly print: (line: string) => void) {}

  update(subject: string, text: string): void {
    if (this.#last.get(subject) === text) {
      return;
    }
    this.#last.set(subject, text);
    this.print(text);
  }
}

/** commaList parses "a,b,c" flags, dropping empty items. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** durationArgument parses kubectl-style durations ("30s", "5m", "1h30m", "0" for none) into milliseconds. */
export function durationArgument(value: string): number {
  const trimmed = value.trim();
  if (trimmed === '0') {
    return 0;
  }
  let total = 0;
  let rest = trimmed;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) {
      throw new InvalidArgumentError(`"${value}" is not a duration (examples: 30s, 5m, 1h30m, 0 for none)`);
    }
    const [, amount = '', unit = ''] = match;
    total += Number(amount) * (units[unit] ?? 0);
    rest = rest.slice(match[0].length);
  }
  if (trimmed === '') {
    throw new InvalidArgumentError('empty duration');
  }
  return total;
}

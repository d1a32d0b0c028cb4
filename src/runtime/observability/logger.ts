import winston from 'winston';
import { Redactor } from './redactor.js';

export type Logger = winston.Logger;

/** Log levels accepted by --log-level, most to least severe. */
export const logLevels = ['error', 'warn', 'info', 'debug'] as const;

/** Fields the logger itself sets: a caller's field of the same name is dropped. */
const ownFields = new Set(['level', 'message', 'timestamp', 'ts']);

/** Where winston's transports find the finished line. */
const lineField = Symbol.for('message');

/**
 * jsonLine makes the line in one step: ts, level and msg first, then the caller's fields, every one
 * of them (msg included) redacted. Every field but the logger's own may carry text from outside.
 */
const jsonLine = (redactor: Redactor) =>
  winston.format((info) => {
    const line: Record<string, unknown> = { ts: new Date().toISOString(), level: info.level, msg: redactor.redactValue(info.message) };
    for (const [key, value] of Object.entries(info)) {
      if (!ownFields.has(key)) {
        line[key] = redactor.redactValue(value);
      }
    }
    (info as Record<symbol, unknown>)[lineField] = JSON.stringify(line);
    return info;
  });

/**
 * createLogger writes one JSON object per line to stdout with the stable field names operators
 * filter on (ts, level, msg, controller, kind, namespace, name, cluster, action, reconcileID,
 * durationMs, error). Every field of every line, at every level, passes through the redactor, so
 * no Secret value reaches the log whichever call site logged it. A stream can be passed in so tests
 * can read what was logged.
 */
export function createLogger(level: string = 'info', stream: NodeJS.WritableStream = process.stdout, redactor: Redactor = new Redactor()): Logger {
  return withCheapLevels(winston.createLogger({
    level,
    levels: { error: 0, warn: 1, info: 2, debug: 3 },
    format: jsonLine(redactor)(),
    transports: [new winston.transports.Stream({ stream })],
  }));
}

type LevelMethod = (this: Logger, ...args: unknown[]) => Logger;

/**
 * withCheapLevels makes a line below the logger's level cost a comparison: winston formats every line
 * (timestamp, redaction, JSON) before its transport drops it, which in a burst was most of the logging
 * cost, since the per-write lines are at debug. Children (made twice per reconcile) all share the root
 * as their prototype and carry their fields merged, instead of winston's chain of Object.create with
 * descriptors: an object that becomes a prototype is reshaped by V8, which cost more than the logging.
 */
function withCheapLevels(logger: Logger): Logger {
  const methods = logger as unknown as Record<string, LevelMethod>;
  for (const level of logLevels) {
    const write = methods[level]!;
    methods[level] = function (this: Logger, ...args: unknown[]): Logger {
      return this.isLevelEnabled(level) ? write.apply(this, args) : this;
    };
  }
  const root = logger;
  const write = logger.write.bind(logger);
  const fieldsOf = new WeakMap<Logger, object>();
  logger.child = function (this: Logger, fields: object): Logger {
    const merged = { ...fieldsOf.get(this), ...fields };
    const child = Object.create(root) as Logger;
    child.write = (info: object) => write(info instanceof Error ? Object.assign({}, merged, info, { message: info.message, stack: info.stack, cause: info.cause }) : { ...merged, ...info });
    fieldsOf.set(child, merged);
    return child;
  };
  return logger;
}

/** silentLogger drops everything; for unit tests and library callers that do not log. */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}

import winston from 'winston';

export type Logger = winston.Logger;

/** Log levels accepted by --log-level, most to least severe. */
export const logLevels = ['error', 'warn', 'info', 'debug'] as const;

/**
 * createLogger writes one JSON object per line to stdout with the stable field names operators
 * filter on (ts, level, msg, controller, kind, namespace, name, cluster, action, reconcileID,
 * durationMs, error). A stream can be passed in so tests can read what was logged.
 */
export function createLogger(level: string = 'info', stream: NodeJS.WritableStream = process.stdout): Logger {
  return winston.createLogger({
    level,
    levels: { error: 0, warn: 1, info: 2, debug: 3 },
    format: winston.format.combine(
      winston.format.timestamp({ alias: 'ts' }),
      winston.format((info) => {
        const { timestamp: _timestamp, message, ...rest } = info;
        return Object.assign(info, rest, { msg: message });
      })(),
      winston.format.printf((info) => {
        const { level: infoLevel, ts, msg, timestamp: _t, message: _m, ...fields } = info as Record<string, unknown>;
        return JSON.stringify({ ts, level: infoLevel, msg, ...fields });
      }),
    ),
    transports: [new winston.transports.Stream({ stream })],
  });
}

/** silentLogger drops everything; for unit tests and library callers that do not log. */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}

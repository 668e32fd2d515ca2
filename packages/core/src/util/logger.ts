/**
 * The logging interface every byosd component takes. Its shape is pino's (`logger.info({ chatId }, 'message')`),
 * so a pino logger can be passed as it is; in the browser the console logger below is the default.
 * Never log message bodies above debug level.
 */
export interface Logger {
  /** Logs details for debugging. */
  debug(fields: object, message: string): void;
  /** Logs something worth knowing. */
  info(fields: object, message: string): void;
  /** Logs something that went wrong but was handled. */
  warn(fields: object, message: string): void;
  /** Logs a failure that needs attention. */
  error(fields: object, message: string): void;
}

/** How much a logger says. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A logger that writes to the console at `level` and above. */
export function createConsoleLogger(level: LogLevel = 'warn'): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>) => (fields: object, message: string) => {
    if (ORDER[at] >= ORDER[level]) console[at](`[byosd] ${message}`, fields);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A logger that drops everything. */
export const silentLogger: Logger = createConsoleLogger('silent');

/**
 * The logging interface every byosd component takes. Its shape is pino's (`logger.info({ chatId }, 'message')`),
 * so a pino logger can be passed as it is; in the browser the console logger below is the default.
 * Never log message bodies above debug level.
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

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

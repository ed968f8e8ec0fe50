/**
 * A small structured logger: one JSON line per event on stdout, which log shippers and
 * `journalctl` both handle. Never pass secrets or passwords in `fields`.
 */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(minimum: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l + "\n")): Logger {
  const log = (level: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS[level] < LEVELS[minimum]) return;
    const normalized = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v]),
    );
    write(JSON.stringify({ time: new Date().toISOString(), level, message, ...normalized }));
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

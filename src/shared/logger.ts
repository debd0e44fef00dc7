/** What a log line says, as fields (the line's message repeats them in words). */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Where the client writes what it does: `console` and pino loggers fit as they are. Each level is
 * called with the line's fields first and its message second (pino's order; `console` prints
 * both). Levels left out are silent. No line ever holds a credential: URLs are redacted, and no
 * header or body is logged.
 *
 * - `debug`: every attempt: method, URL, status (or the failure), duration, attempt number.
 * - `info`: the client speeds up again after the server refused.
 * - `warn`: a retry and why; the server refused (429, 503) and every call waits.
 * - `error`: a call that failed without an answer after its last attempt (connection, timeout).
 */
export interface CognigyLogger {
  debug?: ((fields: LogFields, message: string) => void) | undefined;
  info?: ((fields: LogFields, message: string) => void) | undefined;
  warn?: ((fields: LogFields, message: string) => void) | undefined;
  error?: ((fields: LogFields, message: string) => void) | undefined;
}

/** The levels a logger may have, quietest first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/**
 * Writes one line at `level`, if the logger has that level. A logger that throws is not the
 * call's failure: its error is dropped.
 */
export function log(
  logger: CognigyLogger | undefined,
  level: (typeof LOG_LEVELS)[number],
  fields: LogFields,
  message: string,
): void {
  if (!logger?.[level]) return;
  try {
    // Called as a method: console's and pino's levels need their `this`.
    logger[level](fields, message);
  } catch {
    // A broken logger must not break the call it reports.
  }
}

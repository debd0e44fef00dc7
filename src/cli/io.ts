/** The command's name, as users type it. */
export const COMMAND = "cognigy-openapi-client";

/** A mistake in the command line (exit code 2): printed with a pointer to the usage. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * A flag's whole number from `min` to `max` (`unit` names what it counts, e.g. milliseconds), or a
 * usage error that names the flag, the range and what was given.
 */
export function wholeNumber(text: string, flag: string, min: number, max: number, unit?: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max))
    throw new UsageError(
      `${flag} must be a whole number${unit ? ` of ${unit}` : ""} from ${min} to ${max}, got ${JSON.stringify(text)}`,
    );
  return value;
}

/** Where the command reads its environment and input and writes its output (the process's, unless a test says otherwise). */
export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** One line of result (usage, a summary). */
  readonly stdout: (line: string) => void;
  /** Progress, reports and failures: one line each. */
  readonly stderr: (line: string) => void;
  /** Streamed output (JSON, NDJSON, CSV bytes), resolved once it may go on (backpressure). */
  readonly write: (chunk: string | Uint8Array) => Promise<void>;
  /** All of stdin, for `--data -`. */
  readonly stdin: () => Promise<string>;
  /** Whether stdout is a terminal: JSON is pretty there, compact in a pipe. */
  readonly isTTY: boolean;
  /** The `fetch` requests go out with (the global one). */
  readonly fetch?: typeof fetch;
}

/** The process's own streams. */
export const PROCESS_IO: CommandIo = {
  env: process.env,
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
  write: (chunk) =>
    process.stdout.write(chunk)
      ? Promise.resolve()
      : new Promise<void>((resolve) => process.stdout.once("drain", resolve)),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
  isTTY: process.stdout.isTTY === true,
};

/**
 * The one error type the spec scripts throw on purpose. Its message is a single line that names
 * the input and the problem, so the CLI can print it as is and exit non-zero.
 */
export class SpecError extends Error {
  override readonly name = "SpecError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message.replace(/\s*\n\s*/g, " "), options);
  }
}

/** True for a SpecError, also across realms (vitest workers, child processes re-throwing). */
export function isSpecError(value: unknown): value is SpecError {
  return value instanceof SpecError || (value instanceof Error && value.name === "SpecError");
}

/**
 * Base class of every error this library throws on purpose. Check with {@link isCognigyError}
 * rather than `instanceof` when errors may cross realms (iframes, workers, duplicated packages).
 */
export class CognigyError extends Error {
  // Each class names itself on its prototype, so a guard can read the name without an instance.
  static {
    this.prototype.name = "CognigyError";
  }
}

/** A class of {@link CognigyError}, as a guard takes it. */
export type CognigyErrorClass<T extends CognigyError> = abstract new (...args: never[]) => T;

/**
 * The name of an error-like value: a `name` and a `message` that are strings. `instanceof` fails
 * for errors made in another realm (an iframe, a vm context, a second copy of this package), so
 * the guards also compare names.
 */
export function errorName(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { name, message } = value as { name?: unknown; message?: unknown };
  return typeof name === "string" && typeof message === "string" ? name : undefined;
}

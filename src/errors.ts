/**
 * Base class of every error this library throws on purpose. Check with {@link isCognigyError}
 * rather than `instanceof` when errors may cross realms (iframes, workers, duplicated packages).
 */
export class CognigyError extends Error {
  override name = "CognigyError";
}

/**
 * The client was configured wrongly: a missing or malformed API key, base URL or environment.
 * Thrown by {@link createCognigyClient} and the auth factories before any request is sent.
 * The message names the option; it never contains a credential.
 */
export class CognigyConfigError extends CognigyError {
  override name = "CognigyConfigError";

  /** The option at fault, e.g. `"baseUrl"` or `"apiKey"`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.option = option;
  }
}

/** True for any error this library throws on purpose, also across realms. */
export function isCognigyError(value: unknown): value is CognigyError {
  return value instanceof CognigyError || (value instanceof Error && /^Cognigy[A-Za-z]*Error$/.test(value.name));
}

/** True for a {@link CognigyConfigError}, also across realms. */
export function isCognigyConfigError(value: unknown): value is CognigyConfigError {
  return value instanceof CognigyConfigError || (value instanceof Error && value.name === "CognigyConfigError");
}

import { CognigyError } from "./base.js";

/**
 * The client was configured wrongly: a missing or malformed API key, base URL or environment.
 * Thrown by {@link createCognigyClient} and the auth factories before any request is sent.
 * The message names the option; it never contains a credential.
 */
export class CognigyConfigError extends CognigyError {
  static {
    this.prototype.name = "CognigyConfigError";
  }

  /** The option at fault, e.g. `"baseUrl"` or `"apiKey"`. */
  readonly option: string;

  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super(`${option}: ${message}`, options);
    this.option = option;
  }
}

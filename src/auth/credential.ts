import { CognigyConfigError } from "../errors/config-error.js";
import { CognigyCredentialError } from "../errors/credential-error.js";

/** A credential given as a value, or as a function that returns (or resolves to) the current one. */
export type CredentialSource = string | (() => string | Promise<string>);

/**
 * Refuses a credential that cannot be sent in a header — missing, empty, or with whitespace or
 * control characters — without ever printing it.
 */
export function checkCredential(value: unknown, option: string, what: string): asserts value is string {
  if (value === undefined || value === null)
    throw new CognigyConfigError(option, `${what} is required but none was given`);
  if (typeof value !== "string") throw new CognigyConfigError(option, `${what} must be a string, got ${typeof value}`);
  if (value.trim() === "") throw new CognigyConfigError(option, `${what} is empty`);
  if (!/^[\x21-\x7e]+$/.test(value))
    throw new CognigyConfigError(
      option,
      `${what} contains whitespace or non-printable characters (copied with a line break?)`,
    );
}

/** Checks a {@link CredentialSource} at creation: a value now, a function's result at each use. */
export function checkSource(source: unknown, option: string, what: string): asserts source is CredentialSource {
  if (typeof source !== "function") checkCredential(source, option, what);
}

/**
 * The current credential from a source. A getter that throws, or returns nothing usable, becomes a
 * CognigyCredentialError naming the scheme (its message never includes the value).
 */
export async function resolveCredential(source: CredentialSource, scheme: string, what: string): Promise<string> {
  if (typeof source === "string") return source;
  let value: unknown;
  try {
    value = await source();
  } catch (error) {
    throw new CognigyCredentialError(scheme, `the ${what} getter threw`, { cause: error });
  }
  try {
    checkCredential(value, scheme, `the ${what} getter's result`);
  } catch (error) {
    throw new CognigyCredentialError(scheme, (error as Error).message.replace(`${scheme}: `, ""));
  }
  return value;
}

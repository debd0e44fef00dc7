import { CognigyApiError } from "./api-error.js";
import { CognigyError, errorName, type CognigyErrorClass } from "./base.js";
import { CognigyConfigError } from "./config-error.js";
import { CognigyCredentialError } from "./credential-error.js";
import { CognigyMissingDependencyError } from "./missing-dependency.js";
import { CognigyPaginationError } from "./pagination-error.js";
import { CognigyTaskError } from "./task-error.js";
import { CognigyValidationError } from "./validation-error.js";
import {
  CognigyAbortError,
  CognigyBodyTooLargeError,
  CognigyConnectionError,
  CognigyDownloadError,
  CognigyLocalError,
  CognigyRedirectError,
  CognigyRateLimitPauseError,
  CognigyRequestError,
  CognigyTimeoutError,
  CognigyUnexpectedResponseError,
} from "./request-errors.js";
import {
  CognigyAuthenticationError,
  CognigyBadRequestError,
  CognigyConflictError,
  CognigyNotFoundError,
  CognigyPermissionError,
  CognigyRateLimitError,
  CognigyServerError,
} from "./status-errors.js";

// Every class this library throws: a name from another realm is looked up here to learn its place
// in the hierarchy (a foreign CognigyNotFoundError is also a CognigyApiError).
const CLASSES: ReadonlyArray<CognigyErrorClass<CognigyError>> = [
  CognigyError,
  CognigyConfigError,
  CognigyCredentialError,
  CognigyValidationError,
  CognigyPaginationError,
  CognigyRequestError,
  CognigyConnectionError,
  CognigyTimeoutError,
  CognigyRateLimitPauseError,
  CognigyAbortError,
  CognigyUnexpectedResponseError,
  CognigyLocalError,
  CognigyRedirectError,
  CognigyBodyTooLargeError,
  CognigyDownloadError,
  CognigyMissingDependencyError,
  CognigyTaskError,
  CognigyApiError,
  CognigyBadRequestError,
  CognigyAuthenticationError,
  CognigyPermissionError,
  CognigyNotFoundError,
  CognigyConflictError,
  CognigyRateLimitError,
  CognigyServerError,
];

/**
 * True when `value` is an instance of `type` (or a subclass), also when it comes from another
 * realm and `instanceof` cannot tell: then its name must be `type`'s or a subclass's.
 *
 * @example
 * if (isErrorType(error, CognigyNotFoundError)) console.log(error.traceId);
 */
export function isErrorType<T extends CognigyError>(value: unknown, type: CognigyErrorClass<T>): value is T {
  if (value instanceof type) return true;
  const name = errorName(value);
  return (
    name !== undefined &&
    CLASSES.some(
      (known) => (known.prototype as CognigyError).name === name && (known === type || known.prototype instanceof type),
    )
  );
}

/** True for any error this library throws on purpose, also across realms. */
export const isCognigyError = (value: unknown): value is CognigyError => isErrorType(value, CognigyError);
/** True for a {@link CognigyApiError} of any status, also across realms. */
export const isCognigyApiError = (value: unknown): value is CognigyApiError => isErrorType(value, CognigyApiError);
/** True for a {@link CognigyRateLimitError}, also across realms. */
export const isCognigyRateLimitError = (value: unknown): value is CognigyRateLimitError =>
  isErrorType(value, CognigyRateLimitError);
/** True for a {@link CognigyConfigError}, also across realms. */
export const isCognigyConfigError = (value: unknown): value is CognigyConfigError =>
  isErrorType(value, CognigyConfigError);
/** True for a {@link CognigyCredentialError}, also across realms. */
export const isCognigyCredentialError = (value: unknown): value is CognigyCredentialError =>
  isErrorType(value, CognigyCredentialError);
/** True for a {@link CognigyValidationError}, also across realms. */
export const isCognigyValidationError = (value: unknown): value is CognigyValidationError =>
  isErrorType(value, CognigyValidationError);

// The public API of cognigy-openapi-client.
export { createCognigyClient, DEFAULT_ACCEPT, type CognigyClient, type CognigyClientOptions, type CognigyRequestOptions } from "./client.js";
export { ENVIRONMENTS, resolveBaseUrl, type CognigyEnvironment } from "./environments.js";
export { apiKeyAuth, API_KEY_HEADER } from "./auth/api-key.js";
export type { CognigyAuth } from "./auth/types.js";
export { unwrap } from "./unwrap.js";
export type { RetryEvent, RetryOptions } from "./retry.js";
export { redactUrl } from "./redact.js";
export {
  CognigyAbortError,
  CognigyConfigError,
  CognigyConnectionError,
  CognigyError,
  CognigyTimeoutError,
  CognigyUnexpectedResponseError,
  CognigyValidationError,
  isCognigyConfigError,
  isCognigyError,
  isCognigyValidationError,
  type ValidationIssue,
} from "./errors.js";
export {
  CognigyApiError,
  CognigyAuthenticationError,
  CognigyBadRequestError,
  CognigyConflictError,
  CognigyNotFoundError,
  CognigyPermissionError,
  CognigyRateLimitError,
  CognigyServerError,
  createApiError,
  isCognigyApiError,
  isCognigyRateLimitError,
  type ProblemDetails,
} from "./api-error.js";
export { operationTable, type OperationId, type OperationInfo, type OperationParameter, type components, type operations, type paths } from "./spec.js";

// The public API of cognigy-openapi-client.
export { createCognigyClient, DEFAULT_ACCEPT, type CognigyClient, type CognigyClientOptions, type CognigyRequestOptions } from "./client.js";
export { ENVIRONMENTS, resolveBaseUrl, type CognigyEnvironment } from "./environments.js";
export { apiKeyAuth, API_KEY_HEADER, API_KEY_QUERY } from "./auth/api-key.js";
export { bearerAuth, cxoneAuth } from "./auth/bearer.js";
export { basicAuth } from "./auth/basic.js";
export { oauth2Auth, TOKEN_PATH, type OAuth2Auth, type OAuth2Options } from "./auth/oauth2.js";
export { AUTHORIZE_PATH, createAuthorizationRequest, exchangeAuthorizationCode, type AuthorizationRequest } from "./auth/oauth2-authorize.js";
export type { OAuthTokens } from "./auth/oauth2-tokens.js";
export type { CredentialSource } from "./auth/credential.js";
export type { CognigyAuth, CognigyHeaders, CognigyOutgoingRequest } from "./auth/types.js";
export { unwrap } from "./unwrap.js";
export type { AcceptOption, CsvRecord, HalLinks, XmlDocument } from "./content.js";
export { csvRecords } from "./csv-stream.js";
export { halList, type HalList } from "./hal.js";
export { paginate, pages, type ListItem, type ListPath, type Page, type PaginationOptions } from "./pagination.js";
export type { RetryEvent, RetryOptions } from "./retry.js";
export { redactUrl } from "./redact.js";
export {
  CognigyAbortError,
  CognigyConfigError,
  CognigyConnectionError,
  CognigyCredentialError,
  CognigyError,
  CognigyPaginationError,
  CognigyRequestError,
  CognigyTimeoutError,
  CognigyUnexpectedResponseError,
  CognigyValidationError,
  isCognigyConfigError,
  isCognigyCredentialError,
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
export { SPEC_VERSION, loadOperationTable, type OperationId, type OperationInfo, type OperationParameter, type OperationTable, type components, type operations, type paths } from "./spec.js";

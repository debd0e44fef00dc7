/**
 * The client: typed calls, auth, paging, content types, errors and retries.
 *
 * @module cognigy-openapi-client
 */
// cognigy-openapi-client: the whole public API, by stage.

// The client and its typed calls.
export { createCognigyClient } from "./client/create-client.js";
export type {
  AnyCognigyClient,
  CognigyClient,
  CognigyClientOptions,
  CognigyRequestOptions,
  RouteData,
  RouteError,
  RouteInit,
  RoutePath,
} from "./client/types.js";
export type { CognigyEnvironment } from "./client/environments.js";
export type { CallRequest } from "./errors/api-error.js";
export type { CrossOriginRedirects, Fetch } from "./shared/fetch.js";
export type { CognigyLogger, LogFields } from "./shared/logger.js";

// Credentials.
export { apiKeyAuth } from "./auth/api-key.js";
export { bearerAuth, cxoneAuth } from "./auth/bearer.js";
export { basicAuth } from "./auth/basic.js";
export { oauth2Auth, type OAuth2Auth, type OAuth2Options } from "./auth/oauth2.js";
export {
  createAuthorizationRequest,
  exchangeAuthorizationCode,
  type AuthorizationRequest,
} from "./auth/oauth2-authorize.js";
export type { OAuthTokens } from "./auth/oauth2-tokens.js";
export type { CredentialSource } from "./auth/credential.js";
export type { CognigyAuth, CognigyHeaders, CognigyOutgoingRequest } from "./auth/types.js";

// Retries.
export type { RetryEvent, RetryOptions } from "./transport/retry.js";

// Responses: representations, CSV streaming, exceptions for one call.
export type { AcceptOption, CsvRecord, HalLinks, XmlDocument } from "./response/content.js";
export { csvRecords } from "./response/csv-records.js";
export { unwrap } from "./response/unwrap.js";

// Pagination.
export {
  paginate,
  pages,
  type ListItem,
  type ListPath,
  type Page,
  type PaginationOptions,
} from "./pagination/pages.js";

// Long-running work: tasks, uploads, downloads.
export { download, upload, waitForTask } from "./long-running.js";
export type { TaskSource, WaitForTaskOptions } from "./tasks/wait-for-task.js";
export type { TransferProgress, UploadOptions, UploadResult } from "./transfer/upload.js";
export type { UploadSource } from "./transfer/multipart.js";
export type { DownloadOptions, DownloadResult, DownloadSource } from "./transfer/download.js";

// Errors and their guards.
export { CognigyError } from "./errors/base.js";
export { CognigyConfigError } from "./errors/config-error.js";
export { CognigyCredentialError } from "./errors/credential-error.js";
export { CognigyMissingDependencyError } from "./errors/missing-dependency.js";
export { CognigyPaginationError } from "./errors/pagination-error.js";
export { CognigyTaskError } from "./errors/task-error.js";
export { CognigyValidationError, type ValidationIssue } from "./errors/validation-error.js";
export { CognigyVersionMismatchError } from "./errors/version-mismatch-error.js";
export type { CognigyTask } from "./shared/task.js";
export {
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
} from "./errors/request-errors.js";
export { CognigyApiError, type ProblemDetails } from "./errors/api-error.js";
export {
  CognigyAuthenticationError,
  CognigyBadRequestError,
  CognigyConflictError,
  CognigyNotFoundError,
  CognigyPermissionError,
  CognigyRateLimitError,
  CognigyServerError,
} from "./errors/status-errors.js";
export {
  isCognigyApiError,
  isCognigyConfigError,
  isCognigyCredentialError,
  isCognigyError,
  isCognigyRateLimitError,
  isCognigyValidationError,
  isErrorType,
} from "./errors/guards.js";

// The spec the types come from: the bundled one, or your version's module; and the server's.
export {
  SPEC_VERSION,
  loadOperationTable,
  type CognigyApi,
  type OperationId,
  type OperationInfo,
  type OperationParameter,
  type OperationTable,
  type components,
  type operations,
  type paths,
} from "./spec.js";
export { checkServerVersion } from "./server-version.js";
export type { CheckServerVersionOptions, OperationDrift, ServerVersionReport } from "./version/check-server-version.js";

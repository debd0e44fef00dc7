// The public API of cognigy-openapi-client.
export { createCognigyClient, DEFAULT_ACCEPT, type CognigyClient, type CognigyClientOptions } from "./client.js";
export { ENVIRONMENTS, resolveBaseUrl, type CognigyEnvironment } from "./environments.js";
export { apiKeyAuth, API_KEY_HEADER } from "./auth/api-key.js";
export type { CognigyAuth } from "./auth/types.js";
export { CognigyError, CognigyConfigError, isCognigyError, isCognigyConfigError } from "./errors.js";
export { operationTable, type OperationId, type OperationInfo, type OperationParameter, type components, type operations, type paths } from "./spec.js";

/**
 * Local servers for tests (Node.js): the in-process Prism mock, a paged list, scripted faults.
 *
 * @module cognigy-openapi-client/testing/servers
 */
// cognigy-openapi-client/testing/servers: local servers for tests of code built on the client, on
// 127.0.0.1 only, each stopped by close() or `await using`. Node.js only (node:http); the main
// entry and `cognigy-openapi-client/testing` never load it.
export { startPrismMock, PRISM_PACKAGES, type PrismMock, type PrismMockOptions } from "./prism.js";
export { startListServer, idOf, type ListPaging, type ListServer, type ListServerOptions } from "./list-server.js";
export { startOAuthServer, type OAuthServerOptions, type TokenRequest } from "./oauth-server.js";
export { startFaultServer, faults, type Fault, type FaultServer, type SeenRequest } from "./fault-server.js";
export type { LocalServer } from "./listen.js";
export { CognigyMissingDependencyError } from "../../errors/missing-dependency.js";

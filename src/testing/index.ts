/**
 * Test doubles for code built on the client, in any runtime: `mockFetch` and its typed handlers.
 *
 * @module cognigy-openapi-client/testing
 */
// cognigy-openapi-client/testing: test doubles for code built on the client. A separate entry
// point: the main one never loads it.
export {
  mockFetch,
  type MockAnswer,
  type MockFetch,
  type MockRequest,
  type RouteHandlers,
  type RouteKey,
} from "./mock-fetch.js";

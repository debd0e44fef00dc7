// Checked by `npm run typecheck`: a handler's answer is checked against its route's types.
import { mockFetch } from "../../src/testing/index.js";

mockFetch({
  "GET /v2.0/aiagents/{aiAgentId}": () => ({ body: { name: "agent" } }),
  "GET /v2.0/largelanguagemodels": () => ({ status: 500 }),
});
mockFetch({
  // @ts-expect-error name is a string in the spec
  "GET /v2.0/aiagents/{aiAgentId}": () => ({ body: { name: 42 } }),
});
mockFetch({
  // @ts-expect-error not a route of the spec
  "GET /v2.0/not-a-route": () => ({ body: {} }),
});

// Checked by `npm run typecheck`: named methods and the request() escape hatch, right and wrong.
import { expectTypeOf } from "vitest";
import { createCognigyClient, pages, paginate, type RouteData } from "../../src/index.js";

const client = createCognigyClient({ baseUrl: "https://api.example.net/new", apiKey: "k" });
const params = { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } };

export async function named(): Promise<void> {
  // The same init and result as the path call.
  const agent = await client.aiAgents.get({ params });
  expectTypeOf(agent.data).toEqualTypeOf<RouteData<"get", "/v2.0/aiagents/{aiAgentId}"> | undefined>();
  const xml = await client.aiAgents.get({ params, accept: "xml", timeout: 5_000, retry: { maxRetries: 0 } });
  expectTypeOf(xml.data).toEqualTypeOf<Record<string, unknown> | undefined>();
  // @ts-expect-error the route requires its path parameter
  await client.aiAgents.get();
  // @ts-expect-error a parameter the route does not have
  await client.aiAgents.get({ params: { path: { agentId: "x" } } });
  // @ts-expect-error no such operation
  await client.aiAgents.remove();
  // A list method, optional init; paginate() and pages() take it and type the items.
  await client.largeLanguageModels.list();
  for await (const llm of paginate(client, client.largeLanguageModels.list)) expectTypeOf(llm.provider).toBeString();
  for await (const page of pages(client, client.largeLanguageModels.list, { pageSize: 10 }))
    expectTypeOf(page.items[0]!.name).toBeString();
  // @ts-expect-error not a list
  paginate(client, client.aiAgents.get);
}

export async function escapeHatch(): Promise<void> {
  // A path the spec lacks: loose params and body, data unknown (or the accept choice's type).
  const unknownRoute = await client.request("POST", "/v3.0/newroute/{routeId}", {
    params: { path: { routeId: "r" }, query: { x: 1 } },
    body: { any: "thing" },
  });
  expectTypeOf(unknownRoute.data).toEqualTypeOf<unknown>();
  const csv = await client.request("get", "/v3.0/export", { accept: "csv" });
  expectTypeOf(csv.data).toEqualTypeOf<Record<string, string>[] | undefined>();
  // A path of the spec keeps its full types through request(), in either case of method.
  const known = await client.request("GET", "/v2.0/aiagents/{aiAgentId}", { params });
  expectTypeOf(known.data).toEqualTypeOf<RouteData<"get", "/v2.0/aiagents/{aiAgentId}"> | undefined>();
  // @ts-expect-error a known path's params stay checked: it never falls through to the loose form
  await client.request("GET", "/v2.0/aiagents/{aiAgentId}", { params: { path: { wrong: "x" } } });
}

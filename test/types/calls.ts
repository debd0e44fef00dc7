// Checked by `npm run typecheck`: what a typed call accepts and refuses, and what it gives back,
// through the route types of generated/routes.ts.
import { expectTypeOf } from "vitest";
import {
  createCognigyClient,
  paginate,
  pages,
  type CsvRecord,
  type ListItem,
  type RouteData,
  type RouteError,
  type RouteInit,
  type RoutePath,
  type XmlDocument,
} from "../../src/index.js";
const client = createCognigyClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k" });
export async function calls(): Promise<void> {
  // @ts-expect-error -- the path parameter is required
  await client.GET("/v2.0/aiagents/{aiAgentId}");
  // @ts-expect-error -- wrong param name
  await client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentID: "x" } } });
  // @ts-expect-error -- unknown path
  await client.GET("/v2.0/nope");
  // @ts-expect-error -- a typo in the init
  await client.GET("/v2.0/largelanguagemodels", { parmas: {} });
  const a = await client.GET("/v2.0/largelanguagemodels");
  const b = await client.GET("/v2.0/largelanguagemodels", { accept: "csv" });
  const c = await client.GET("/v2.0/largelanguagemodels", { parseAs: "text" });
  const d = await client.request("get", "/v2.0/aiagents/{aiAgentId}", {
    params: { path: { aiAgentId: "x" } },
    accept: "hal",
  });
  // @ts-expect-error -- the path parameter is required
  await client.request("get", "/v2.0/aiagents/{aiAgentId}");
  const x = await client.GET("/v2.0/largelanguagemodels", { accept: "xml" });
  expectTypeOf(a.data?.items?.[0]?.name).toEqualTypeOf<string | undefined>();
  expectTypeOf(b.data).toEqualTypeOf<CsvRecord[] | undefined>();
  expectTypeOf(x.data).toEqualTypeOf<XmlDocument | undefined>();
  expectTypeOf(c.data).toEqualTypeOf<string | undefined>();
  expectTypeOf(d.data?.name).toEqualTypeOf<string | undefined>();
  expectTypeOf(d.data?._links).not.toBeUndefined();
  expectTypeOf(a.error?.detail).toEqualTypeOf<string | undefined>();
  expectTypeOf(a.request).toEqualTypeOf<{ readonly method: string; readonly path: string }>();
}

// Naming a route's types without spelling them out: what a user writes for a helper of their own.
export function routeTypes(): void {
  type Agent = RouteData<"get", "/v2.0/aiagents/{aiAgentId}">;
  expectTypeOf<Agent["name"]>().toEqualTypeOf<string | undefined>();
  expectTypeOf<RouteData<"get", "/v2.0/largelanguagemodels">>().toEqualTypeOf<
    NonNullable<Awaited<ReturnType<typeof client.GET<"/v2.0/largelanguagemodels">>>["data"]>
  >();
  expectTypeOf<RouteInit<"get", "/v2.0/aiagents/{aiAgentId}">["params"]["path"]>().toEqualTypeOf<{
    aiAgentId: string;
  }>();
  expectTypeOf<RouteError<"get", "/v2.0/aiagents/{aiAgentId}">>().toHaveProperty("traceId");
  expectTypeOf<"/v2.0/aiagents/{aiAgentId}">().toExtend<RoutePath<"get">>();
  // @ts-expect-error -- not a GET path
  expectTypeOf<RouteData<"get", "/v2.0/nope">>();
}

export async function paging(): Promise<void> {
  for await (const item of paginate(client, "/v2.0/largelanguagemodels", {
    pageSize: 50,
    params: { query: { projectId: "p" } },
  })) {
    expectTypeOf(item).toEqualTypeOf<ListItem<"/v2.0/largelanguagemodels">>();
    expectTypeOf(item.name).toEqualTypeOf<string>();
  }
  for await (const page of pages(client, "/v2.0/largelanguagemodels", {
    accept: "hal",
    onPage: (page) => expectTypeOf(page.index).toEqualTypeOf<number>(),
  })) {
    expectTypeOf(page.items[0]?.name).toEqualTypeOf<string | undefined>();
  }
  // @ts-expect-error -- an AI Agent is one resource, not a list
  paginate(client, "/v2.0/aiagents/{aiAgentId}");
  // @ts-expect-error -- a typo in the init
  paginate(client, "/v2.0/largelanguagemodels", { parmas: {} });
  // @ts-expect-error -- paging reads JSON: no raw body
  paginate(client, "/v2.0/largelanguagemodels", { parseAs: "text" });
}

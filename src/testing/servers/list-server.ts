import type { IncomingMessage, ServerResponse } from "node:http";
import { listen, type LocalServer } from "./listen.js";

/** A large language model list item that satisfies the spec's schema. */
export function llm(n: number) {
  return {
    name: `LLM ${n}`,
    modelType: "gpt-4o",
    provider: "openAI",
    connectionId: `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
    resourceLevel: "project",
    _id: idOf(n),
    createdAt: 1694518620,
    lastChanged: 1694518620,
  };
}

/** The Cognigy-style 24-character `_id` of the list server's item `n` (from 0). */
export const idOf = (n: number) => n.toString(36).padStart(24, "0");

/**
 * How the list server pages: `cursor` (`next` → `nextCursor`, as Cognigy's lists do), `offset`
 * (`skip`/`limit` with `total`), `hal` (`_embedded.items` and `_links.next`), `bare-array` (the whole
 * list as one array); and two broken servers: `repeated-cursor` (always the same cursor, a loop)
 * and `shrinking-total` (50 items deleted after the third page, so offsets shift).
 */
export type ListPaging = "cursor" | "offset" | "hal" | "bare-array" | "repeated-cursor" | "shrinking-total";

const PAGING: readonly ListPaging[] = ["cursor", "offset", "hal", "bare-array", "repeated-cursor", "shrinking-total"];
const MAX_ITEMS = 1_000_000;

/** Options of {@link startListServer}. */
export interface ListServerOptions {
  /** Defaults to `"cursor"`. */
  readonly paging?: ListPaging | undefined;
  /** How many items the list holds: 0 to 1,000,000 (they are held in memory); defaults to 100. */
  readonly count?: number | undefined;
  /** Milliseconds each answer takes (a distant server); defaults to 0. */
  readonly latencyMs?: number | undefined;
  /** The port on 127.0.0.1; defaults to 0, a free one. */
  readonly port?: number | undefined;
}

/** A running list server: its URL, how many requests it answered, and `close()`. */
export interface ListServer extends LocalServer {
  /** How many requests it has answered. */
  readonly requests: () => number;
}

/**
 * Starts a stateful fake of a Cognigy list (`/v2.0/largelanguagemodels`, at any path) on
 * 127.0.0.1, holding `count` items (`LLM 0` … with ids from {@link idOf}) and paging them the way
 * `paging` says, with `limit` (default 25). For tests of code that pages: point a client's
 * `baseUrl` at `url`. Node.js only.
 */
export async function startListServer(options: ListServerOptions = {}): Promise<ListServer> {
  const style = options.paging ?? "cursor";
  if (!PAGING.includes(style))
    throw new TypeError(
      `startListServer: paging must be one of ${PAGING.map((name) => `"${name}"`).join(", ")}, got ${JSON.stringify(style)}`,
    );
  const count = options.count ?? 100;
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_ITEMS)
    throw new TypeError(
      `startListServer: count must be a whole number from 0 to ${MAX_ITEMS}, got ${JSON.stringify(count)}`,
    );
  const latencyMs = options.latencyMs ?? 0;
  if (typeof latencyMs !== "number" || !(latencyMs >= 0 && latencyMs < 60_000))
    throw new TypeError(`startListServer: latencyMs must be from 0 to 60000, got ${JSON.stringify(latencyMs)}`);
  let items = Array.from({ length: count }, (_, n) => llm(n));
  const position = new Map(items.map((item, index) => [item._id, index]));
  let requests = 0;
  const server = await listen((request, response) => {
    if (latencyMs === 0) return answer(request, response);
    const timer = setTimeout(() => answer(request, response), latencyMs);
    response.on("close", () => clearTimeout(timer));
  }, options.port ?? 0);
  function answer(request: IncomingMessage, response: ServerResponse) {
    requests++;
    const query = new URL(request.url ?? "/", "http://localhost").searchParams;
    const limit = Number(query.get("limit") ?? 25);
    const send = (body: unknown, type = "application/json") =>
      response.writeHead(200, { "content-type": type }).end(JSON.stringify(body));
    switch (style) {
      case "cursor":
      case "repeated-cursor": {
        // Cognigy's cursor lists take an offset too (`skip`), for a page read out of turn.
        const after = query.get("next");
        const start = after === null ? Number(query.get("skip") ?? 0) : (position.get(after) ?? -1) + 1;
        const page = items.slice(start, start + limit);
        const more = start + limit < items.length;
        const nextCursor = style === "repeated-cursor" ? idOf(0) : more ? page.at(-1)!._id : null;
        return send({
          items: page,
          total: items.length,
          nextCursor,
          previousCursor: start > 0 ? items[start - 1]!._id : null,
        });
      }
      case "offset":
      case "shrinking-total": {
        const skip = Number(query.get("skip") ?? 0);
        // After the third page, 50 items at the start are deleted: offsets shift under the client.
        if (style === "shrinking-total" && skip >= 3 * limit && items.length === count) items = items.slice(50);
        return send({ items: items.slice(skip, skip + limit), total: items.length });
      }
      case "hal": {
        const skip = Number(query.get("skip") ?? 0);
        const links: Record<string, { href: string }> = {
          self: { href: `/v2.0/largelanguagemodels?skip=${skip}&limit=${limit}` },
        };
        if (skip + limit < items.length)
          links["next"] = { href: `/v2.0/largelanguagemodels?skip=${skip + limit}&limit=${limit}` };
        return send(
          { _embedded: { items: items.slice(skip, skip + limit) }, _links: links, total: items.length },
          "application/hal+json",
        );
      }
      case "bare-array":
        // A bare array is one page: the whole list, whatever the limit.
        return send(items);
    }
  }
  return { url: server.url, requests: () => requests, close: server.close, [Symbol.asyncDispose]: server.close };
}

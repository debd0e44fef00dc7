import { listen } from "./listen.js";

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

/** Cognigy-style 24-character id for item n. */
export const idOf = (n: number) => n.toString(36).padStart(24, "0");

/** How the fake server pages. */
export type ListStyle = "cursor" | "offset" | "hal" | "bare-array" | "repeated-cursor" | "shrinking-total";

/**
 * A stateful fake of Cognigy's list endpoint `/v2.0/largelanguagemodels` on 127.0.0.1, serving
 * `count` items in one paging style. Counts the requests it answered.
 */
export async function startListServer(style: ListStyle, count: number) {
  let items = Array.from({ length: count }, (_, n) => llm(n));
  const position = new Map(items.map((item, index) => [item._id, index]));
  let requests = 0;
  const { url, close } = await listen((request, response) => {
    requests++;
    const query = new URL(request.url ?? "/", "http://localhost").searchParams;
    const limit = Number(query.get("limit") ?? 25);
    const send = (body: unknown, type = "application/json") => response.writeHead(200, { "content-type": type }).end(JSON.stringify(body));
    switch (style) {
      case "cursor":
      case "repeated-cursor": {
        const after = query.get("next");
        const start = after === null ? 0 : (position.get(after) ?? -1) + 1;
        const page = items.slice(start, start + limit);
        const more = start + limit < items.length;
        const nextCursor = style === "repeated-cursor" ? idOf(0) : more ? page.at(-1)!._id : null;
        return send({ items: page, total: items.length, nextCursor, previousCursor: start > 0 ? items[start - 1]!._id : null });
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
        const links: Record<string, { href: string }> = { self: { href: `/v2.0/largelanguagemodels?skip=${skip}&limit=${limit}` } };
        if (skip + limit < items.length) links["next"] = { href: `/v2.0/largelanguagemodels?skip=${skip + limit}&limit=${limit}` };
        return send({ _embedded: { items: items.slice(skip, skip + limit) }, _links: links, total: items.length }, "application/hal+json");
      }
      case "bare-array":
        // A bare array is one page: the whole list, whatever the limit.
        return send(items);
    }
  });
  return { url, requests: () => requests, close };
}

import type { HalLinks } from "../response/content.js";

/** A HAL list body reduced to what paging needs. */
export interface HalList<Item> {
  items: Item[];
  /** `_links.next.href`, when there is a next page. */
  next: string | undefined;
  total: number | undefined;
}

/**
 * Normalizes a HAL list (`accept: "hal"`) to `{ items, next, total }`: the items are the array
 * under `_embedded` (`_embedded.items`, else its first array), `next` is `_links.next.href`.
 * A body without `_embedded` but with `items` (Cognigy's JSON shape) works too.
 */
export function halList<Item = unknown>(body: HalLinks & Record<string, unknown>): HalList<Item> {
  const embedded = body._embedded;
  let items: unknown = embedded?.["items"];
  if (!Array.isArray(items) && embedded) items = Object.values(embedded).find(Array.isArray);
  if (!Array.isArray(items)) items = Array.isArray(body["items"]) ? body["items"] : [];
  const link = body._links?.["next"];
  const next = Array.isArray(link) ? link[0]?.href : link?.href;
  return {
    items: items as Item[],
    next: next || undefined,
    total: typeof body["total"] === "number" ? body["total"] : undefined,
  };
}

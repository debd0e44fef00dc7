import { CognigyPaginationError } from "../errors/pagination-error.js";
import { halList } from "./hal-list.js";

/** One answer of a list route as a {@link Page}, whatever list shape it has. */
export function readPage<Item>(body: unknown, response: Response, index: number, path: string): Page<Item> {
  const base = { index, response, total: undefined, nextCursor: undefined, previousCursor: undefined };
  if (Array.isArray(body)) return { ...base, items: body as Item[] };
  const record = (body ?? {}) as Record<string, unknown>;
  if (record["_embedded"] !== undefined || record["_links"] !== undefined) {
    const hal = halList<Item>(record);
    return { ...base, items: hal.items, total: hal.total, nextCursor: cursorIn(hal.next) };
  }
  if (!Array.isArray(record["items"]))
    throw new CognigyPaginationError({
      reason: "not-a-list",
      path,
      page: index,
      message: "the answer has no items array",
    });
  const text = (key: string) => (typeof record[key] === "string" && record[key] !== "" ? record[key] : undefined);
  return {
    ...base,
    items: record["items"] as Item[],
    total: typeof record["total"] === "number" ? record["total"] : undefined,
    nextCursor: text("nextCursor") ?? text("next"),
    previousCursor: text("previousCursor") ?? text("previous"),
  };
}

/** The query for the next page, or undefined at the end of the list. */
export function nextQuery(
  page: Page<unknown>,
  query: Record<string, unknown>,
  body: unknown,
  offset: number,
): Record<string, unknown> | undefined {
  const rest = { ...query };
  delete rest["skip"];
  delete rest["next"];
  if (page.nextCursor) return { ...rest, next: page.nextCursor };
  const record = (Array.isArray(body) ? {} : (body ?? {})) as Record<string, unknown>;
  const hal = record["_links"] as Record<string, { href?: string }> | undefined;
  if (hal?.["next"]?.href) {
    const link = new URL(hal["next"].href, "http://placeholder.invalid").searchParams;
    const skip = link.get("skip");
    return skip !== null ? { ...rest, skip: Number(skip) } : undefined;
  }
  // A cursor-style answer with a null cursor has ended; so has a list without a total.
  if ("nextCursor" in record || "next" in record || page.total === undefined) return undefined;
  if (page.items.length === 0 || offset >= page.total) return undefined;
  return { ...rest, skip: offset };
}

function cursorIn(href: string | undefined): string | undefined {
  if (!href) return undefined;
  return new URL(href, "http://placeholder.invalid").searchParams.get("next") ?? undefined;
}

/** What tells one page from another: its length and first and last item. */
/**
 * What a page holds, whatever its order: its items' ids (or JSON), sorted. Bounded by the page size,
 * so a walk can hold one to compare pages by content.
 */
export function contentOf(items: unknown[]): string {
  const id = (item: unknown) =>
    item && typeof item === "object" && "_id" in item ? String(item._id) : JSON.stringify(item);
  return items.map(id).sort().join("\n");
}

export function signatureOf(items: unknown[]): string {
  if (items.length === 0) return "";
  const id = (item: unknown) =>
    item && typeof item === "object" && "_id" in item ? String(item._id) : JSON.stringify(item);
  return `${items.length}:${id(items[0])}:${id(items[items.length - 1])}`;
}

/** One page of a list. */
export interface Page<Item> {
  items: Item[];
  /** The `total` the server announced with this page, if any. */
  total: number | undefined;
  /** The cursor of the next page (`nextCursor`, or `next`); save it to resume later. */
  nextCursor: string | undefined;
  previousCursor: string | undefined;
  /** 0 for the first page. */
  index: number;
  response: Response;
}

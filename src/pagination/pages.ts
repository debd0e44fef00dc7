import type { AnyRoute, CallInit, CognigyClient, NamedRouteOf } from "../client/types.js";
import { CognigyConfigError, CognigyPaginationError } from "../errors/errors.js";
import { CognigyAbortError } from "../errors/request-errors.js";
import { findNamedOperation, type Routes } from "../spec.js";
import { nextQuery, readPage, signatureOf } from "./read-page.js";

// Read from generated/routes.ts, as the client's methods are (see client/types.ts).
type GetRoutes = Routes["get"];
type ItemOf<Body> = Body extends { items?: Array<infer Item> | null } ? Item : Body extends Array<infer Item> ? Item : never;

/** The GET paths that answer a list: the only ones {@link paginate} and {@link pages} accept. */
export type ListPath = { [P in keyof GetRoutes]: [ItemOf<GetRoutes[P]["data"]>] extends [never] ? never : P }[keyof GetRoutes];
/** The item type of a list path, from the generated response type. */
export type ListItem<P extends ListPath> = ItemOf<GetRoutes[P]["data"]>;
/** A list as {@link paginate} and {@link pages} take it: its path, or its named method (`client.largeLanguageModels.list`). */
export type ListSource<P extends ListPath> = P | NamedRouteOf<P>;

/** How to page; everything else in the init is sent with every page request. */
export interface PaginationOptions<Item = unknown> {
  /** Items per page, 1..100 (Cognigy's maximum). Default 100: fewer requests than the server's 25. */
  pageSize?: number | undefined;
  /** Stop after this many items. */
  maxItems?: number | undefined;
  /** Stop after this many pages. */
  maxPages?: number | undefined;
  /** Resume from a cursor saved from an earlier page's `nextCursor`. */
  cursor?: string | undefined;
  /** Told each page as it arrives (progress bars, checkpoints). */
  onPage?: ((page: Page<Item>) => void) | undefined;
  /**
   * Told when the items received disagree with the `total` announced, or the total changed while
   * paging (items added or deleted meanwhile, so offsets may have skipped or repeated some).
   * Without it that is a {@link CognigyPaginationError}: nothing is hidden.
   */
  onTotalMismatch?: ((info: { expected: number; received: number; finalTotal: number }) => void) | undefined;
  /** `"hal"` pages through `_embedded` and `_links.next`; default JSON. */
  accept?: "json" | "hal" | undefined;
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

// The route's init as GET takes it, less what paging decides: the representation and throwing.
type Init<P extends ListPath> = GetRoutes[P] extends infer R extends AnyRoute ? Omit<CallInit<R, never, never>, "accept" | "throwOnError" | "parseAs"> : never;

/**
 * Pages through a list lazily, one page per step, holding only the current page. Understands
 * every list shape Cognigy answers, chosen by the response: cursors (`nextCursor`/`previousCursor`
 * or `next`/`previous`), offsets (`skip`/`limit` with `total`), HAL (`_embedded`, `_links.next`),
 * and single-page `items` or bare arrays. Breaking out of the loop stops fetching.
 *
 * @throws CognigyConfigError for a bad option, before any request; CognigyPaginationError when the
 *   server repeats a cursor or a page, or the total disagrees; the client's errors for failed pages.
 * @example
 * for await (const page of pages(client, "/v2.0/largelanguagemodels", { pageSize: 50 })) {
 *   console.log(`${page.index}: ${page.items.length} of ${page.total}`);
 * }
 */
export async function* pages<P extends ListPath>(client: CognigyClient, list: ListSource<P>, init: Init<P> & PaginationOptions<ListItem<P>> = {} as never): AsyncGenerator<Page<ListItem<P>>> {
  const path = await listPath(list);
  const { pageSize = 100, maxItems, maxPages, cursor, onPage, onTotalMismatch, accept = "json", ...request } = init;
  checkOptions(pageSize, maxItems, maxPages, cursor);
  for (const [option, value] of [["onPage", onPage], ["onTotalMismatch", onTotalMismatch]] as const) {
    if (value !== undefined && typeof value !== "function") throw new CognigyConfigError(option, "must be a function");
  }
  if (accept !== "json" && accept !== "hal") throw new CognigyConfigError("accept", 'paging reads "json" or "hal"');
  if (maxItems === 0) return;
  const params = (request as { params?: { query?: Record<string, unknown> } }).params ?? {};
  let query: Record<string, unknown> = { ...params.query, limit: pageSize, ...(cursor && { next: cursor }) };
  const startSkip = typeof query["skip"] === "number" ? query["skip"] : 0;
  const loop = loopDetector(positionOf(query));
  let emptyRun = 0;
  let previousSignature: string | undefined;
  let received = 0;
  let firstTotal: number | undefined;
  let total: number | undefined;

  for (let index = 0; ; index++) {
    const signal = (request as { signal?: AbortSignal }).signal;
    if (signal?.aborted) throw new CognigyAbortError({ method: "GET", url: path }, { cause: signal.reason });
    const call = (client.GET as (path: string, init: object) => Promise<{ data?: unknown; response: Response }>)(path, { ...request, params: { ...params, query }, accept, throwOnError: true });
    const { data, response } = await call;
    const page = readPage<ListItem<P>>(data, response, index, path);
    const signature = signatureOf(page.items);
    if (page.items.length > 0 && signature === previousSignature) {
      throw new CognigyPaginationError({ reason: "repeated-page", path, page: index, message: "the server sent the same page again" });
    }
    previousSignature = signature;
    emptyRun = page.items.length === 0 ? emptyRun + 1 : 0;
    total = page.total ?? total;
    firstTotal ??= page.total;
    const room = maxItems === undefined ? page.items.length : Math.max(0, maxItems - received);
    if (room < page.items.length) page.items = page.items.slice(0, room);
    received += page.items.length;
    onPage?.(page);
    yield page;

    if ((maxItems !== undefined && received >= maxItems) || (maxPages !== undefined && index + 1 >= maxPages)) return;
    const next = nextQuery(page, query, data, startSkip + received);
    if (!next) break;
    if (emptyRun >= MAX_EMPTY_PAGES) {
      throw new CognigyPaginationError({ reason: "empty-pages", path, page: index, message: `${emptyRun} empty pages in a row, each pointing to another: the list does not end` });
    }
    const position = positionOf(next);
    if (loop(position)) throw new CognigyPaginationError({ reason: "repeated-cursor", path, page: index, message: `the server led back to a page it had sent before (${position}): paging would loop` });
    query = next;
  }

  // Only a walk from the start can be held against the total.
  if (firstTotal !== undefined && total !== undefined && cursor === undefined && startSkip === 0 && (received !== total || firstTotal !== total)) {
    const info = { expected: firstTotal, received, finalTotal: total };
    if (onTotalMismatch) return onTotalMismatch(info);
    const changed = firstTotal !== total ? ` (${total} at the end)` : "";
    throw new CognigyPaginationError({ reason: "total-mismatch", path, page: -1, message: `the server announced ${firstTotal} items${changed} but ${received} arrived`, expected: firstTotal, received });
  }
}

/**
 * Every item of a list, one at a time, across pages (see {@link pages} for the shapes, options
 * and errors). Memory stays at one page however long the list is; breaking out of the loop stops
 * fetching.
 *
 * @example
 * for await (const llm of paginate(client, "/v2.0/largelanguagemodels")) console.log(llm.name);
 */
export async function* paginate<P extends ListPath>(client: CognigyClient, list: ListSource<P>, init: Init<P> & PaginationOptions<ListItem<P>> = {} as never): AsyncGenerator<ListItem<P>> {
  for await (const page of pages(client, list, init)) yield* page.items;
}

// A named method's path, from the operation table; a path as it is.
async function listPath<P extends ListPath>(list: ListSource<P>): Promise<P> {
  if (typeof list !== "function") return list;
  const operation = typeof list.operation === "string" ? await findNamedOperation(list.operation) : undefined;
  if (!operation || operation.method !== "get") throw new CognigyConfigError("list", "must be a list path or a named list method such as client.largeLanguageModels.list");
  return operation.path as P;
}

/** Empty pages in a row, each with a next page, after which a list is taken not to end. */
const MAX_EMPTY_PAGES = 10;

// Where a page request points: its cursor, or its offset.
function positionOf(query: Record<string, unknown>): string {
  return typeof query["next"] === "string" ? `cursor ${query["next"]}` : `skip ${Number(query["skip"] ?? 0)}`;
}

/**
 * Brent's cycle detection over the walk's positions, in constant memory: true once a position
 * repeats one seen before, however long the cycle (A, A; A, B, A, B; …). A cycle of length λ
 * entered after μ pages is reported within about 2(μ + λ) pages.
 */
function loopDetector(first: string): (position: string) => boolean {
  let checkpoint = first;
  let power = 1;
  let steps = 0;
  return (position) => {
    if (position === checkpoint) return true;
    if (++steps === power) {
      checkpoint = position;
      power *= 2;
      steps = 0;
    }
    return false;
  };
}

function checkOptions(pageSize: number, maxItems: number | undefined, maxPages: number | undefined, cursor: string | undefined): void {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new CognigyConfigError("pageSize", `must be a whole number from 1 to 100, got ${String(pageSize)}`);
  if (maxItems !== undefined && !(Number.isInteger(maxItems) && maxItems >= 0)) throw new CognigyConfigError("maxItems", `must be a whole number ≥ 0, got ${String(maxItems)}`);
  if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages >= 1)) throw new CognigyConfigError("maxPages", `must be a whole number ≥ 1, got ${String(maxPages)}`);
  if (cursor !== undefined && (typeof cursor !== "string" || cursor === "")) throw new CognigyConfigError("cursor", "must be a non-empty cursor string from an earlier page");
}

import type { AnyCognigyClient, AnyRoute, CallInit, ClientRoutes, NamedRouteOf } from "../client/types.js";
import { CognigyConfigError } from "../errors/config-error.js";
import { CognigyPaginationError } from "../errors/pagination-error.js";
import { CognigyAbortError } from "../errors/request-errors.js";
import { coreOf } from "../client/core.js";
import type { BundledApi, RoutesOf } from "../spec.js";
import { contentOf, nextQuery, readPage, signatureOf, type Page } from "./read-page.js";

export type { Page } from "./read-page.js";

// Read from the client's route table (generated/routes.ts, or the user's module), as its methods are
// (see client/types.ts).
type GetRoutesOf<R> = R extends { get: infer G } ? G : Record<never, never>;
type BundledGetRoutes = GetRoutesOf<RoutesOf<BundledApi>>;
type ClientGetRoutes<C extends AnyCognigyClient> = GetRoutesOf<ClientRoutes<C>>;
type DataOf<Route> = Route extends { data: infer Data } ? Data : never;
type ItemOf<Body> = Body extends { items?: Array<infer Item> | null }
  ? Item
  : Body extends Array<infer Item>
    ? Item
    : never;

/** The GET paths that answer a list: the only ones {@link paginate} and {@link pages} accept (of the bundled spec, or of the GET routes `G`). */
export type ListPath<G = BundledGetRoutes> = {
  [P in keyof G & string]: [ItemOf<DataOf<G[P]>>] extends [never] ? never : P;
}[keyof G & string];
/** The item type of a list path, from the generated response type. */
export type ListItem<P extends ListPath<G>, G = BundledGetRoutes> = ItemOf<DataOf<G[P]>>;
/** A list as {@link paginate} and {@link pages} take it: its path, or its named method (`client.largeLanguageModels.list`). */
export type ListSource<P extends string> = P | NamedRouteOf<P>;

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
  /**
   * Pages in flight at once, 1..32 (default 1). Above 1, the list is read by offset (`skip`/`limit`)
   * as soon as the first page gives its `total`: the later pages are requested `concurrency` at a
   * time and still yielded in order, with at most `concurrency` pages in memory. The client's
   * `maxConcurrency` and its slow-down on 429 still apply. A list without a `total`, or resumed
   * from a `cursor`, is read one page at a time. Offsets shift when items are added or deleted
   * while paging, so some can be skipped or repeated: the total check reports it (see
   * `onTotalMismatch`); a cursor walk (the default) does not shift.
   */
  concurrency?: number | undefined;
}

// The route's init as GET takes it, less what paging decides: the representation and throwing.
type Init<G, P extends keyof G> = G[P] extends infer R extends AnyRoute
  ? Omit<CallInit<R, never, never>, "accept" | "throwOnError" | "parseAs">
  : never;

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
export async function* pages<C extends AnyCognigyClient, P extends ListPath<ClientGetRoutes<C>>>(
  client: C,
  list: ListSource<P>,
  init: Init<ClientGetRoutes<C>, P> & PaginationOptions<ListItem<P, ClientGetRoutes<C>>> = {} as never,
): AsyncGenerator<Page<ListItem<P, ClientGetRoutes<C>>>> {
  type Item = ListItem<P, ClientGetRoutes<C>>;
  const path = await listPath(client, list);
  const {
    pageSize = 100,
    maxItems,
    maxPages,
    cursor,
    onPage,
    onTotalMismatch,
    accept = "json",
    concurrency = 1,
    ...request
  } = init;
  checkOptions(pageSize, maxItems, maxPages, cursor, concurrency);
  for (const [option, value] of [
    ["onPage", onPage],
    ["onTotalMismatch", onTotalMismatch],
  ] as const) {
    if (value !== undefined && typeof value !== "function") throw new CognigyConfigError(option, "must be a function");
  }
  if (accept !== "json" && accept !== "hal") throw new CognigyConfigError("accept", 'paging reads "json" or "hal"');
  if (maxItems === 0) return;
  const params = (request as { params?: { query?: Record<string, unknown> } }).params ?? {};
  const parallel = concurrency > 1 && cursor === undefined;
  // In parallel, the first page is asked for by offset too: the rest are planned from its total.
  let query: Record<string, unknown> = {
    ...params.query,
    limit: pageSize,
    ...(cursor && { next: cursor }),
    ...(parallel && { skip: params.query?.["skip"] ?? 0 }),
  };
  const startSkip = typeof query["skip"] === "number" ? query["skip"] : 0;
  const loop = loopDetector(positionOf(query));
  const signal = (request as { signal?: AbortSignal }).signal;
  const fetchPage = async (pageQuery: Record<string, unknown>, index: number, pageSignal: AbortSignal | undefined) => {
    if (pageSignal?.aborted) throw new CognigyAbortError({ method: "GET", url: path }, { cause: pageSignal.reason });
    const call = (
      (client as unknown as { GET: unknown }).GET as (
        path: string,
        init: object,
      ) => Promise<{ data?: unknown; response: Response }>
    )(path, {
      ...request,
      params: { ...params, query: pageQuery },
      accept,
      throwOnError: true,
      ...(pageSignal && { signal: pageSignal }),
    });
    const { data, response } = await call;
    return { data, page: readPage<Item>(data, response, index, path) };
  };
  let emptyRun = 0;
  let previousSignature: string | undefined;
  // Pages whose items come round again (reordered, or behind fresh cursors) loop just the same.
  let contentLoop: ((content: string) => boolean) | undefined;
  let received = 0;
  let firstTotal: number | undefined;
  let total: number | undefined;
  // Takes a page in order: checks it against the one before, counts it, trims it to maxItems.
  // True when paging is done.
  const take = (page: Page<Item>): boolean => {
    const signature = signatureOf(page.items);
    if (page.items.length > 0 && signature === previousSignature) {
      throw new CognigyPaginationError({
        reason: "repeated-page",
        path,
        page: page.index,
        message: "the server sent the same page again",
      });
    }
    previousSignature = signature;
    if (page.items.length > 0) {
      const content = contentOf(page.items);
      if (!contentLoop) contentLoop = loopDetector(content);
      else if (contentLoop(content))
        throw new CognigyPaginationError({
          reason: "repeated-page",
          path,
          page: page.index,
          message: "the server sent again the items of a page it had sent before: paging would loop",
        });
    }
    emptyRun = page.items.length === 0 ? emptyRun + 1 : 0;
    total = page.total ?? total;
    firstTotal ??= page.total;
    const room = maxItems === undefined ? page.items.length : Math.max(0, maxItems - received);
    if (room < page.items.length) page.items = page.items.slice(0, room);
    received += page.items.length;
    onPage?.(page);
    return (maxItems !== undefined && received >= maxItems) || (maxPages !== undefined && page.index + 1 >= maxPages);
  };

  for (let index = 0; ; index++) {
    const { data, page } = await fetchPage(query, index, signal);
    const done = take(page);
    yield page;
    if (done) return;
    const next = nextQuery(page, query, data, startSkip + received);
    if (!next) break;
    if (parallel && page.total !== undefined) {
      // The rest by offset (cursors or not: Cognigy's lists take skip too), `concurrency` pages in
      // flight, yielded in order.
      const last = Math.min(page.total, maxItems === undefined ? Infinity : startSkip + maxItems);
      const count = Math.min(Math.ceil((last - startSkip) / pageSize), maxPages ?? Infinity) - 1;
      const offsetQuery = { ...query };
      delete offsetQuery["next"];
      const rest = Array.from({ length: Math.max(0, count) }, (_, n) => ({
        ...offsetQuery,
        skip: startSkip + (n + 1) * pageSize,
      }));
      for await (const later of inOrder(rest, concurrency, signal, (pageQuery, n, pageSignal) =>
        fetchPage(pageQuery, n + 1, pageSignal),
      )) {
        const stop = take(later.page);
        yield later.page;
        if (stop) return;
      }
      break;
    }
    if (emptyRun >= MAX_EMPTY_PAGES) {
      throw new CognigyPaginationError({
        reason: "empty-pages",
        path,
        page: index,
        message: `${emptyRun} empty pages in a row, each pointing to another: the list does not end`,
      });
    }
    const position = positionOf(next);
    if (loop(position))
      throw new CognigyPaginationError({
        reason: "repeated-cursor",
        path,
        page: index,
        message: `the server led back to a page it had sent before (${position}): paging would loop`,
      });
    query = next;
  }

  // Only a walk from the start can be held against the total.
  if (
    firstTotal !== undefined &&
    total !== undefined &&
    cursor === undefined &&
    startSkip === 0 &&
    (received !== total || firstTotal !== total)
  ) {
    const info = { expected: firstTotal, received, finalTotal: total };
    if (onTotalMismatch) return onTotalMismatch(info);
    const changed = firstTotal !== total ? ` (${total} at the end)` : "";
    throw new CognigyPaginationError({
      reason: "total-mismatch",
      path,
      page: -1,
      message: `the server announced ${firstTotal} items${changed} but ${received} arrived`,
      expected: firstTotal,
      received,
    });
  }
}

/**
 * Runs `fetch` over `queries` with at most `concurrency` in flight and yields the results in the
 * queries' order: memory stays at `concurrency` pages. A failure is thrown when its turn comes;
 * leaving early (a break, an error) aborts what is still in flight.
 */
async function* inOrder<T>(
  queries: ReadonlyArray<Record<string, unknown>>,
  concurrency: number,
  signal: AbortSignal | undefined,
  fetch: (query: Record<string, unknown>, index: number, signal: AbortSignal) => Promise<T>,
): AsyncGenerator<T> {
  const stop = new AbortController();
  const pageSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const inFlight: Array<Promise<T>> = [];
  let next = 0;
  const launch = () => {
    const index = next++;
    const promise = fetch(queries[index]!, index, pageSignal);
    // Awaited in turn below; until then, a failure must not count as unhandled.
    promise.catch(() => undefined);
    inFlight.push(promise);
  };
  try {
    while (next < queries.length && inFlight.length < concurrency) launch();
    while (inFlight.length > 0) {
      const result = await inFlight.shift()!;
      if (next < queries.length) launch();
      yield result;
    }
  } finally {
    stop.abort(new Error("paging stopped"));
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
export async function* paginate<C extends AnyCognigyClient, P extends ListPath<ClientGetRoutes<C>>>(
  client: C,
  list: ListSource<P>,
  init: Init<ClientGetRoutes<C>, P> & PaginationOptions<ListItem<P, ClientGetRoutes<C>>> = {} as never,
): AsyncGenerator<ListItem<P, ClientGetRoutes<C>>> {
  for await (const page of pages(client, list, init)) yield* page.items;
}

// A named method's path, from the client's operation table; a path as it is.
async function listPath<P extends string>(client: AnyCognigyClient, list: ListSource<P>): Promise<P> {
  if (typeof list !== "function") return list;
  const operation =
    typeof list.operation === "string"
      ? (await coreOf(client).settings.catalog.lookup()).byName(list.operation)
      : undefined;
  if (!operation || operation.method !== "get")
    throw new CognigyConfigError(
      "list",
      "must be a list path or a named list method such as client.largeLanguageModels.list",
    );
  return operation.path as P;
}

/** Empty pages in a row, each with a next page, after which a list is taken not to end. */
const MAX_EMPTY_PAGES = 10;

// Where a page request points: its cursor, or its offset.
function positionOf(query: Record<string, unknown>): string {
  return typeof query["next"] === "string" ? `cursor ${query["next"]}` : `skip ${Number(query["skip"] ?? 0)}`;
}

/**
 * Brent's cycle detection over the walk's positions (or its pages' contents), in constant memory:
 * true once a position repeats one seen before, however long the cycle (A, A; A, B, A, B; …). A cycle of length λ
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

function checkOptions(
  pageSize: number,
  maxItems: number | undefined,
  maxPages: number | undefined,
  cursor: string | undefined,
  concurrency: number,
): void {
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 32))
    throw new CognigyConfigError("concurrency", `must be a whole number from 1 to 32, got ${String(concurrency)}`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
    throw new CognigyConfigError("pageSize", `must be a whole number from 1 to 100, got ${String(pageSize)}`);
  if (maxItems !== undefined && !(Number.isInteger(maxItems) && maxItems >= 0))
    throw new CognigyConfigError("maxItems", `must be a whole number ≥ 0, got ${String(maxItems)}`);
  if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages >= 1))
    throw new CognigyConfigError("maxPages", `must be a whole number ≥ 1, got ${String(maxPages)}`);
  if (cursor !== undefined && (typeof cursor !== "string" || cursor === ""))
    throw new CognigyConfigError("cursor", "must be a non-empty cursor string from an earlier page");
}

import pMap from "p-map";
import { extractDocsPageSpec, listApiReferencePages } from "./docs-pages.js";
import { fetchText } from "../../../src/codegen/fetch-text.js";
import { readText } from "../../../src/codegen/read-text.js";
import { mergeSpecs, type SpecPart } from "./merge-specs.js";
import { canonicalize, type OpenApiDocument } from "../../../src/codegen/openapi-document.js";
import { writeSnapshot, type SnapshotResult } from "./snapshot.js";
import { SpecError } from "../../../src/codegen/spec-error.js";
import { checkUsable, parseSpecJson, problemsOf } from "../../../src/codegen/validate-spec.js";

/** The spec every Cognigy environment publishes; other hosts serve it on the same path. */
export const DEFAULT_SPEC_URL = "https://api-trial.cognigy.ai/openapi/openapi-viewer.json";

/** Options shared by both ways of pulling. */
export interface PullOptions {
  /** The spec folder to write (`openapi/`). */
  readonly outDir: string;
  readonly timeoutMs: number;
  /** Sent as `X-API-Key`; never printed. */
  readonly apiKey?: string | undefined;
  readonly fetch?: typeof fetch;
  /** Called as pages arrive, for progress output. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly concurrency?: number;
}

/** A pull's outcome: the snapshot written (or found unchanged) and the problems it was kept with. */
export type PullResult = SnapshotResult & {
  /** Each problem of the spec as pulled, with its JSON pointer where known: for the overlay to fix. */
  problems: string[];
};

/**
 * Downloads the published spec JSON from `url` and writes the snapshot, as pulled: problems the
 * validator finds are reported, not refused, so that the overlay can fix them before generation.
 */
export async function pullFromUrl(url: string, options: PullOptions): Promise<PullResult> {
  const { body } = await fetchText(checkUrl(url), {
    headers: { Accept: "application/json" },
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
    ...fetchOption(options),
  });
  const document = canonicalize(checkUsable(parseSpecJson(body, url), url));
  const problems = await problemsOf(document);
  return { ...(await writeSnapshot(options.outDir, document, { kind: "url", from: [url] })), problems };
}

/**
 * Rebuilds the spec from Cognigy docs pages: each source is an `llms.txt` index (URL or file),
 * a page URL or a saved page. Pages are fetched with bounded concurrency and their embedded
 * documents merged; the result is kept with its problems reported, as {@link pullFromUrl} does.
 */
export async function pullFromDocs(
  sources: readonly string[],
  options: PullOptions,
): Promise<PullResult & { document: OpenApiDocument }> {
  if (sources.length === 0)
    throw new SpecError("--from-docs needs at least one llms.txt URL, page URL or saved page file");
  const pages: string[] = [];
  for (const source of sources) {
    if (!isLlmsIndex(source)) {
      pages.push(source);
      continue;
    }
    const listed = listApiReferencePages(
      await loadText(source, options),
      isUrl(source) ? source : "https://docs.cognigy.com/",
    );
    if (listed.length === 0) throw new SpecError(`${source}: the index links to no /api-reference/ pages`);
    pages.push(...listed);
  }
  const unique = [...new Set(pages)];
  let done = 0;
  const parts: SpecPart[] = await pMap(
    unique,
    async (page) => {
      const part = extractDocsPageSpec(await loadText(page, options), page);
      options.onProgress?.(++done, unique.length);
      return part;
    },
    { concurrency: options.concurrency ?? 8 },
  );
  const label = sources.length === 1 ? (sources[0] ?? "") : `${unique.length} docs pages`;
  const document = checkUsable(mergeSpecs(parts), label);
  const problems = await problemsOf(document);
  const from = sources.map((source) => source.replaceAll("\\", "/"));
  return { ...(await writeSnapshot(options.outDir, document, { kind: "docs", from })), document, problems };
}

/** A one-line summary of a pull for the terminal. */
export function describeResult(result: PullResult, outDir: string): string {
  const { source } = result;
  const what = `${source.operationCount} operations, info.version ${source.infoVersion ?? "unknown"}, sha256 ${source.sha256.slice(0, 12)}`;
  const kept =
    result.problems.length > 0
      ? `; kept with ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} for the overlay and the generator`
      : "";
  return result.changed
    ? `wrote ${outDir}/${source.file} (${what})${kept}`
    : `unchanged: ${outDir}/${source.file} already holds this spec (${what})${kept}`;
}

async function loadText(source: string, options: PullOptions): Promise<string> {
  if (!isUrl(source)) return readText(source);
  const attempt = () =>
    fetchText(source, {
      headers: { Accept: "text/markdown, text/plain" },
      timeoutMs: options.timeoutMs,
      ...fetchOption(options),
    });
  // One second try per page: a transient failure among hundreds of pages should not end the pull.
  return (await attempt().catch(attempt)).body;
}

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

function isLlmsIndex(source: string): boolean {
  const name = isUrl(source) ? new URL(source).pathname : source;
  return /(^|\/)llms(-full)?\.txt$/i.test(name);
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SpecError(`not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new SpecError(`not an http(s) URL: ${url}`);
  return parsed.href;
}

function fetchOption(options: PullOptions): { fetch?: typeof fetch } {
  return options.fetch ? { fetch: options.fetch } : {};
}

import { parse as parseYaml } from "yaml";
import { SpecError } from "../../../src/codegen/spec-error.js";
import { isObject, type OpenApiDocument } from "../../../src/codegen/openapi-document.js";

// A Cognigy docs page embeds its operation's OpenAPI document in a block opened by
// ````yaml https://api-trial.cognigy.ai/openapi/openapi-viewer.json get /v2.0/...
// (four or more backticks, closed by a line of the same backticks).
const OPENING_FENCE = /^(`{3,})yaml[ \t]+(\S+)[ \t]+([a-z]+)[ \t]+(\/\S*)[ \t]*$/m;

/** The operation a docs page documents, with the OpenAPI document it embeds. */
export interface DocsPageSpec {
  /** Where the page came from (a URL or a file path), for messages. */
  readonly origin: string;
  /** The method and path named on the fence line, e.g. `get /v2.0/largelanguagemodels`. */
  readonly operation: string;
  readonly document: OpenApiDocument;
}

/**
 * Extracts the OpenAPI document a Cognigy docs page embeds.
 *
 * @throws SpecError when the page has no OpenAPI block, the block is not closed, its YAML does not
 *   parse, or it does not describe the operation its fence names.
 */
export function extractDocsPageSpec(page: string, origin: string): DocsPageSpec {
  const text = page.replace(/\r\n?/g, "\n");
  const opening = OPENING_FENCE.exec(text);
  if (!opening) {
    const hint = /^\s*</.test(text) ? " (got HTML)" : "";
    throw new SpecError(`${origin}: no embedded OpenAPI block found${hint}`);
  }
  const [fence, ticks, , method, path] = opening as unknown as [string, string, string, string, string];
  const start = opening.index + fence.length + 1;
  const closing = new RegExp(`^${ticks}[ \\t]*$`, "m");
  const rest = text.slice(start);
  const end = closing.exec(rest);
  if (!end) throw new SpecError(`${origin}: the OpenAPI block opened by ${ticks}yaml is never closed`);

  let document: unknown;
  try {
    document = parseYaml(rest.slice(0, end.index), { maxAliasCount: 100 });
  } catch (error) {
    throw new SpecError(`${origin}: the embedded OpenAPI block is not valid YAML: ${firstLine(error)}`, {
      cause: error,
    });
  }
  if (!isObject(document) || typeof document["openapi"] !== "string" || !isObject(document["paths"])) {
    throw new SpecError(`${origin}: the embedded block is not an OpenAPI document (no openapi version or paths)`);
  }
  const operation = `${method} ${path}`;
  const pathItem = document["paths"][path];
  if (!isObject(pathItem) || !isObject(pathItem[method])) {
    throw new SpecError(`${origin}: the embedded document does not describe ${operation}, which its block names`);
  }
  return { origin, operation, document: document as OpenApiDocument };
}

/**
 * Lists the API reference pages an `llms.txt` index links to, in index order, without duplicates.
 * Only pages under `/api-reference/` are operations; the rest of the docs are ignored.
 */
export function listApiReferencePages(index: string, indexUrl: string): string[] {
  const pages = new Set<string>();
  for (const match of index.matchAll(/\((https?:\/\/[^)\s]+\.md)\)|(https?:\/\/\S+\.md)\b/g)) {
    const url = new URL((match[1] ?? match[2]) as string, indexUrl);
    if (url.pathname.includes("/api-reference/")) pages.add(url.href);
  }
  return [...pages];
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0] ?? "";
}

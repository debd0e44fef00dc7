import { validate } from "@readme/openapi-parser";
import { findBoundsProblem } from "../shared/document-bounds.js";
import { htmlTitle } from "../shared/html-title.js";
import { isObject, listOperations, type OpenApiDocument } from "./openapi-document.js";
import { findProblems } from "./spec-problems.js";
import { SpecError } from "./spec-error.js";

/**
 * Parses a downloaded spec body as JSON or refuses it with a message saying what it got instead
 * (an HTML login or error page is the usual case).
 */
export function parseSpecJson(body: string, origin: string): unknown {
  const start = body.trimStart().slice(0, 200);
  if (start.startsWith("<")) {
    const title = htmlTitle(body);
    throw new SpecError(`${origin}: got HTML instead of an OpenAPI JSON document${title ? ` ("${title}")` : ""}`);
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new SpecError(`${origin}: the body is not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/**
 * Checks that a document can be kept as a snapshot at all: an OpenAPI 3.x document with at least
 * one operation, self-contained (no `$ref` to a file or URL, which no step ever reads) and no
 * deeper than MAX_DOCUMENT_DEPTH. Everything else wrong with it is a problem for the overlay and
 * the generator.
 *
 * @throws SpecError when it cannot, naming the JSON pointer at fault.
 */
export function checkUsable(document: unknown, origin: string): OpenApiDocument {
  const shape = document as Partial<OpenApiDocument> | null;
  if (
    typeof shape !== "object" ||
    shape === null ||
    typeof shape.openapi !== "string" ||
    !shape.openapi.startsWith("3.")
  ) {
    throw new SpecError(`${origin}: not an OpenAPI 3.x document (no "openapi: 3.x" field)`);
  }
  const problem = findBoundsProblem(document);
  if (problem) throw new SpecError(`${origin}: ${problem.pointer}: ${problem.message}`);
  if (!isObject(shape.paths) || listOperations(shape as OpenApiDocument).length === 0)
    throw new SpecError(`${origin}: the OpenAPI document has no operations`);
  return shape as OpenApiDocument;
}

/**
 * Every problem of a document, one line each: the known defects with their JSON pointers
 * (spec-problems.ts), then what @readme/openapi-parser finds against the OpenAPI 3.x schema.
 * With `blockingOnly`, only those that stop generation.
 */
export async function problemsOf(document: OpenApiDocument, blockingOnly = false): Promise<string[]> {
  const known = findProblems(document)
    .filter((problem) => problem.blocking || !blockingOnly)
    .map((problem) => `${problem.pointer}: ${problem.message}`);
  // validate() dereferences in place; keep the caller's document as it was.
  const result = await validate(structuredClone(document) as never, { resolve: { external: false } });
  // Each error's first line, and the line of the document its code frame points at ("> 49 | …").
  const schema = result.valid
    ? []
    : result.errors.map((error) => {
        const [first = "", ...frame] = error.message.split("\n");
        const at = frame
          .find((line) => /^>\s*\d+\s*\|/.test(line))
          ?.replace(/^>\s*\d+\s*\|\s*/, "")
          .trim();
        return at ? `${first} (at ${at.slice(0, 120)})` : first;
      });
  return [...known, ...schema.filter((message) => !/operationId .* is duplicated|Missing \$ref pointer/.test(message))];
}

/**
 * Checks a document against the OpenAPI 3.x schema and for the known defects: what the generator
 * requires of the spec it turns into types.
 *
 * @throws SpecError naming the first problems found, with their JSON pointers where known.
 */
export async function validateSpec(document: unknown, origin: string): Promise<OpenApiDocument> {
  const usable = checkUsable(document, origin);
  const problems = await problemsOf(usable, true);
  if (problems.length > 0) {
    const more = problems.length - 3;
    throw new SpecError(
      `${origin}: invalid OpenAPI document: ${problems.slice(0, 3).join("; ")}${more > 0 ? ` (and ${more} more)` : ""}`,
    );
  }
  return usable;
}

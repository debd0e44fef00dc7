import { validate } from "@readme/openapi-parser";
import { htmlTitle } from "../../../src/shared/html-title.js";
import { listOperations, type OpenApiDocument } from "./openapi-document.js";
import { SpecError } from "../../lib/spec-error.js";

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
 * Checks a document against the OpenAPI 3.x schema with @readme/openapi-parser (plus its checks
 * for duplicate operation ids and path parameters) and that it has at least one operation.
 *
 * @throws SpecError naming the first problems found.
 */
export async function validateSpec(document: unknown, origin: string): Promise<OpenApiDocument> {
  const shape = document as Partial<OpenApiDocument> | null;
  if (typeof shape !== "object" || shape === null || typeof shape.openapi !== "string" || !shape.openapi.startsWith("3.")) {
    throw new SpecError(`${origin}: not an OpenAPI 3.x document (no "openapi: 3.x" field)`);
  }
  // validate() dereferences in place; keep the caller's document as it was.
  const result = await validate(structuredClone(document) as never, { resolve: { external: false } });
  if (!result.valid) {
    const shown = result.errors.slice(0, 3).map((e) => e.message.split("\n")[0]);
    const more = result.errors.length + result.additionalErrors - shown.length;
    throw new SpecError(`${origin}: invalid OpenAPI document: ${shown.join("; ")}${more > 0 ? ` (and ${more} more)` : ""}`);
  }
  const valid = document as OpenApiDocument;
  if (listOperations(valid).length === 0) throw new SpecError(`${origin}: the OpenAPI document has no operations`);
  return valid;
}

import type { CallRequest } from "../errors/api-error.js";
import { CognigyConfigError } from "../errors/errors.js";
import { CognigyUnexpectedResponseError } from "../errors/request-errors.js";
import { redactUrl } from "../shared/redact.js";

/** What to ask Cognigy for: a short name or an exact media type. JSON is the default. */
export type AcceptOption = "json" | "hal" | "xml" | "csv" | "application/json" | "application/hal+json" | "application/xml" | "text/xml" | "text/csv";

/** How a body is read. */
export type BodyKind = "json" | "xml" | "csv";

/** A CSV export row: column name → cell text. */
export type CsvRecord = Record<string, string>;

/** An XML body as plain objects (fast-xml-parser's shape: elements as keys, attributes as `@_name`). */
export type XmlDocument = Record<string, unknown>;

/** HAL's hypermedia additions to a JSON resource (draft-kelly-json-hal). */
export interface HalLinks {
  _links?: Record<string, { href: string; templated?: boolean } | Array<{ href: string }>>;
  _embedded?: Record<string, unknown>;
}

const SHORT: Record<string, [string, BodyKind]> = {
  json: ["application/json", "json"],
  hal: ["application/hal+json", "json"],
  xml: ["application/xml", "xml"],
  csv: ["text/csv", "csv"],
};

/** Maps an `accept` option to the `Accept` header value and the way the body will be read. */
export function negotiate(accept: string): { mediaType: string; kind: BodyKind } {
  const short = SHORT[accept];
  if (short) return { mediaType: short[0], kind: short[1] };
  if (/[/+]json$/i.test(accept)) return { mediaType: accept, kind: "json" };
  if (/[/+]xml$/i.test(accept)) return { mediaType: accept, kind: "xml" };
  if (/\/csv$/i.test(accept)) return { mediaType: accept, kind: "csv" };
  throw new CognigyConfigError("accept", `unsupported media type ${JSON.stringify(accept)}; use json, hal, xml, csv or one of Cognigy's media types`);
}

const EXPECTED: Record<BodyKind, RegExp> = { json: /[/+]json\b/i, xml: /[/+]xml\b/i, csv: /\/csv\b/i };

/**
 * Reads a successful response body as `kind`: JSON (and HAL) with JSON.parse, XML with
 * fast-xml-parser (entities off: the body is untrusted), CSV with csv-parse into records. The XML
 * and CSV parsers are imported on first use, so JSON-only code never loads them. A body of another
 * content type, a malformed one, or an empty one where the spec promises content is a
 * CognigyUnexpectedResponseError with the status, content type and an excerpt.
 */
export async function parseBody(kind: BodyKind, text: string | undefined, response: Response, request: CallRequest, bodyRequired: boolean): Promise<unknown> {
  const contentType = response.headers.get("content-type") ?? "";
  const fail = (reason: string, cause?: unknown) =>
    new CognigyUnexpectedResponseError(
      { method: request.method, url: response.url ? redactUrl(response.url) : request.path, status: response.status, contentType, body: text ?? "", reason },
      cause === undefined ? undefined : { cause },
    );
  if (text === undefined || text.trim() === "") {
    if (bodyRequired) throw fail("the body is empty but the spec promises one");
    return undefined;
  }
  if (contentType && !EXPECTED[kind].test(contentType)) throw fail(`expected ${kind.toUpperCase()} but got another content type`);
  switch (kind) {
    case "json":
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw fail("the JSON body is malformed or cut off", error);
      }
    case "xml": {
      const { XMLParser, XMLValidator } = await import("fast-xml-parser");
      const valid = XMLValidator.validate(text);
      if (valid !== true) throw fail(`the XML body is malformed (line ${valid.err.line}: ${valid.err.msg})`);
      return new XMLParser({ processEntities: false, ignoreAttributes: false, parseTagValue: true }).parse(text) as XmlDocument;
    }
    case "csv": {
      // csv-parse's main build leans on Node's Buffer; browsers get its self-contained build.
      const { parse } = typeof Buffer === "undefined" ? await import("csv-parse/browser/esm/sync") : await import("csv-parse/sync");
      try {
        return parse<CsvRecord>(text, { columns: true, skip_empty_lines: true, bom: true });
      } catch (error) {
        throw fail(`the CSV body is malformed (${(error as Error).message.split("\n")[0]})`, error);
      }
    }
  }
}

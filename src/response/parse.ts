import type { CallRequest } from "../errors/api-error.js";
import { CognigyBodyTooLargeError, CognigyUnexpectedResponseError } from "../errors/request-errors.js";
import type { X2jOptions } from "fast-xml-parser";
import { readLimited } from "../shared/read-limited.js";
import { redactCredentials, redactUrl } from "../shared/redact.js";
import type { XmlShape } from "../spec.js";
import type { BodyKind, XmlDocument } from "./content.js";

// Reading and parsing a response body: part of the request pipeline, loaded with the first call.

/** How a call reads a successful body (see {@link readBody}). */
export interface BodyReading {
  readonly kind: BodyKind;
  /** The most bytes read into memory. */
  readonly limit: number;
  /** The statuses the spec promises a body for (none for a route it lacks). */
  readonly statusesWithBody: readonly string[];
  /** The credentials sent, redacted from any excerpt of the body. */
  readonly sent: ReadonlySet<string>;
  /** The shape of the operation's XML body. */
  readonly xmlShape: () => Promise<XmlShape | undefined>;
}

/**
 * Reads a successful body and parses it as `reading.kind` (see {@link parseBody}), never reading
 * more than `reading.limit` bytes: a `Content-Length` over it is refused before reading, a body that
 * grows past it is cancelled there.
 *
 * @throws CognigyBodyTooLargeError past the limit; CognigyUnexpectedResponseError for a body that
 *   is not what was asked for.
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null | undefined,
  response: Response,
  request: CallRequest,
  reading: BodyReading,
): Promise<unknown> {
  if (!body) return parseBody(undefined, response, request, reading);
  const { limit } = reading;
  if (Number(response.headers.get("content-length")) > limit) {
    await body.cancel();
    throw tooLarge(response, request, limit);
  }
  const { bytes, complete } = await readLimited(body, limit);
  if (!complete) throw tooLarge(response, request, limit);
  return parseBody(utf8.decode(bytes), response, request, reading);
}

function tooLarge(response: Response, request: CallRequest, limit: number): CognigyBodyTooLargeError {
  return new CognigyBodyTooLargeError({
    method: request.method,
    url: response.url ? redactUrl(response.url) : request.path,
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    limitBytes: limit,
  });
}

// Stateless (each body is decoded whole), so one serves every call.
const utf8 = new TextDecoder();

// Read as the spec describes the body: its lists as arrays (one item too), numbers and booleans
// where it says so, everything else the string that was sent (`0049…` stays a phone number, a
// 24-digit id stays an id). Entities are not expanded: the body is untrusted.
function xmlOptions(shape: XmlShape | undefined): X2jOptions {
  // fast-xml-parser's paths start at the root element; the shape's start below it.
  const below = (jPath: string) => jPath.slice(jPath.indexOf(".") + 1);
  const arrays = new Set(shape?.arrays);
  const numbers = new Set(shape?.numbers);
  const booleans = new Set(shape?.booleans);
  return {
    processEntities: false,
    ignoreAttributes: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (_name, jPath, _isLeaf, isAttribute) =>
      !isAttribute && String(jPath).includes(".") && arrays.has(below(String(jPath))),
    tagValueProcessor: (_name, value, jPath) => {
      const at = below(String(jPath));
      if (numbers.has(at) && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
      if (booleans.has(at) && (value === "true" || value === "false")) return value === "true";
      return value;
    },
  };
}

const EXPECTED: Record<BodyKind, RegExp> = { json: /[/+]json\b/i, xml: /[/+]xml\b/i, csv: /\/csv\b/i };

/**
 * Parses a successful response body as `kind`: JSON (and HAL) with JSON.parse, XML with
 * fast-xml-parser as the spec describes the body (see xmlOptions), CSV into records (see csv.ts). The XML
 * and CSV parsers are imported on first use, so JSON-only code never loads them: for those it
 * returns a promise. A body of another content type, a malformed one, or an empty one where the
 * spec promises content is a CognigyUnexpectedResponseError with the status, content type and an
 * excerpt (the credentials sent redacted from it).
 */
function parseBody(
  text: string | undefined,
  response: Response,
  request: CallRequest,
  { kind, statusesWithBody, sent, xmlShape }: BodyReading,
): unknown {
  const contentType = response.headers.get("content-type") ?? "";
  const fail = (reason: string, cause?: unknown) =>
    new CognigyUnexpectedResponseError(
      {
        method: request.method,
        url: response.url ? redactUrl(response.url) : request.path,
        status: response.status,
        contentType,
        body: redactCredentials((text ?? "").slice(0, 1000), sent),
        reason,
      },
      cause === undefined ? undefined : { cause },
    );
  if (text === undefined || text.trim() === "") {
    if (request.method !== "HEAD" && statusesWithBody.includes(String(response.status)))
      throw fail("the body is empty but the spec promises one");
    return undefined;
  }
  if (contentType && !EXPECTED[kind].test(contentType))
    throw fail(`expected ${kind.toUpperCase()} but got another content type`);
  switch (kind) {
    case "json":
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw fail("the JSON body is malformed or cut off", error);
      }
    case "xml":
      return parseXml(text, xmlShape, fail);
    case "csv":
      return parseCsvBody(text, fail);
  }
}

async function parseXml(
  text: string,
  xmlShape: () => Promise<XmlShape | undefined>,
  fail: (reason: string, cause?: unknown) => Error,
): Promise<XmlDocument> {
  const [{ XMLParser, XMLValidator }, shape] = await Promise.all([import("fast-xml-parser"), xmlShape()]);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw fail(`the XML body is malformed (line ${valid.err.line}: ${valid.err.msg})`);
  try {
    return new XMLParser(xmlOptions(shape)).parse(text) as XmlDocument;
  } catch (error) {
    // The parser's own refusals: a reserved element name (`__proto__`), nesting too deep, a DOCTYPE it will not read.
    throw fail(`the XML body cannot be read safely (${(error as Error).message.split("\n")[0]?.slice(0, 120)})`, error);
  }
}

async function parseCsvBody(text: string, fail: (reason: string, cause?: unknown) => Error): Promise<unknown> {
  const { parseCsv } = await import("./csv.js");
  try {
    return parseCsv(text);
  } catch (error) {
    throw fail(`the CSV body is malformed (${(error as Error).message})`, error);
  }
}

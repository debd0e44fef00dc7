import { CognigyConfigError } from "../errors/config-error.js";

/** What to ask Cognigy for: a short name or an exact media type. JSON is the default. */
export type AcceptOption =
  | "json"
  | "hal"
  | "xml"
  | "csv"
  | "application/json"
  | "application/hal+json"
  | "application/xml"
  | "text/xml"
  | "text/csv";

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
  const short = Object.hasOwn(SHORT, accept) ? SHORT[accept] : undefined;
  if (short) return { mediaType: short[0], kind: short[1] };
  if (/[/+]json$/i.test(accept)) return { mediaType: accept, kind: "json" };
  if (/[/+]xml$/i.test(accept)) return { mediaType: accept, kind: "xml" };
  if (/\/csv$/i.test(accept)) return { mediaType: accept, kind: "csv" };
  throw new CognigyConfigError(
    "accept",
    `unsupported media type ${JSON.stringify(accept)}; use json, hal, xml, csv or one of Cognigy's media types`,
  );
}

/** Headers without `Accept`, whatever case its name is written in. */
export function withoutAccept(headers: Record<string, unknown> | Headers | undefined): Record<string, unknown> {
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers ?? {});
  return Object.fromEntries(entries.filter(([name]) => name.toLowerCase() !== "accept"));
}

/** The `Accept` value among headers given as a record or a `Headers` object. */
export function acceptHeader(headers: unknown): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  if (headers instanceof Headers) return headers.get("accept") ?? undefined;
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() === "accept" && typeof value === "string") return value;
  return undefined;
}

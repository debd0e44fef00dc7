/** The parts of an OpenAPI 3.x document the scripts read; everything else passes through untouched. */
export interface OpenApiDocument {
  openapi: string;
  info: { title?: string; version?: string; [key: string]: unknown };
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** A JSON object of a document, read without a schema. */
export type Json = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `wanted`, or `wanted2`, `wanted3`, … : the first name not yet in `taken`, which it joins. */
export function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
  taken.add(name);
  return name;
}

/** An RFC 6901 pointer from its keys. */
export function pointerOf(...keys: Array<string | number>): string {
  return keys.map((key) => `/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** What a local `$ref` (`#/components/schemas/X`, RFC 6901 escapes decoded) points at, if anything. */
export function resolvePointer(document: unknown, ref: string): unknown {
  let node: unknown = document;
  for (const key of ref.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    if (!isObject(node)) return undefined;
    node = node[key.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return node;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Every operation of a document as `[method, path, operation]`, in document order. */
export function listOperations(document: OpenApiDocument): Array<[HttpMethod, string, Record<string, unknown>]> {
  const operations: Array<[HttpMethod, string, Record<string, unknown>]> = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation && typeof operation === "object")
        operations.push([method, path, operation as Record<string, unknown>]);
    }
  }
  return operations;
}

/**
 * Orders Cognigy release versions such as `2026.10.1` numerically, segment by segment
 * (`2026.10.10` is newer than `2026.10.9`); a missing version is the oldest.
 */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const left = a.split(/[.\-+]/);
  const right = b.split(/[.\-+]/);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? "";
    const y = right[i] ?? "";
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Puts paths and component names in a fixed order, so the same API always serializes to the same
 * bytes however its pages or sections arrived; what is inside an operation keeps Cognigy's order.
 */
export function canonicalize(document: OpenApiDocument): OpenApiDocument {
  const result: OpenApiDocument = { ...document, paths: sortKeys(document.paths) };
  if (document.components) {
    const components: Record<string, Record<string, unknown>> = {};
    for (const [section, entries] of Object.entries(sortKeys(document.components)))
      components[section] = sortKeys(entries);
    result.components = components;
  }
  return result;
}

/** The bytes a snapshot is stored as: two-space JSON with a final newline. */
export function serializeDocument(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

import { literal } from "./emit.js";
import { isObject, listOperations, resolvePointer, type Json, type OpenApiDocument } from "./openapi-document.js";

/**
 * What an XML reading of an operation's success body needs from its schema: the element paths
 * that are lists (a list of one item is still a list) and those whose text is a number or a
 * boolean; every other value stays a string, as it was sent. Paths are dot-joined property names
 * below the root element; a list's items add no segment (XML repeats the element).
 */
export interface XmlShape {
  readonly arrays: readonly string[];
  readonly numbers: readonly string[];
  readonly booleans: readonly string[];
}

// Deep enough for Cognigy's bodies; keeps a recursive schema (through $ref) finite.
const MAX_DEPTH = 12;

/** `"GET /path"` → the shape of its first success body that has a schema; routes without one are left out. */
export function xmlShapes(spec: OpenApiDocument): Record<string, XmlShape> {
  const shapes: Record<string, XmlShape> = {};
  for (const [method, path, operation] of listOperations(spec)) {
    const schema = successSchema(spec, operation);
    if (!schema) continue;
    const kinds = new Map<string, Set<string>>();
    walk(spec, schema, "", kinds, 0, new Set());
    const having = (kind: string) =>
      [...kinds]
        .filter(([, found]) => found.has(kind) && (kind === "array" || !found.has("string")))
        .map(([at]) => at)
        .sort();
    const shape = { arrays: having("array"), numbers: having("number"), booleans: having("boolean") };
    if (shape.arrays.length + shape.numbers.length + shape.booleans.length > 0)
      shapes[`${method.toUpperCase()} ${path}`] = shape;
  }
  return shapes;
}

function successSchema(spec: OpenApiDocument, operation: Json): Json | undefined {
  const responses = isObject(operation["responses"]) ? operation["responses"] : {};
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    const content = isObject(deref(spec, response)?.["content"]) ? (deref(spec, response)!["content"] as Json) : {};
    const media = (content["application/xml"] ?? content["application/json"]) as Json | undefined;
    if (isObject(media) && isObject(media["schema"])) return media["schema"];
  }
  return undefined;
}

function walk(
  spec: OpenApiDocument,
  node: unknown,
  at: string,
  kinds: Map<string, Set<string>>,
  depth: number,
  refs: Set<string>,
): void {
  if (depth > MAX_DEPTH || !isObject(node)) return;
  const ref = node["$ref"];
  if (typeof ref === "string") {
    if (refs.has(ref)) return;
    walk(spec, resolvePointer(spec, ref), at, kinds, depth, new Set(refs).add(ref));
    return;
  }
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    const branches = node[key];
    if (Array.isArray(branches)) for (const branch of branches) walk(spec, branch, at, kinds, depth + 1, refs);
  }
  const types = Array.isArray(node["type"]) ? (node["type"] as unknown[]) : [node["type"]];
  const note = (kind: string) => {
    if (at === "") return;
    if (!kinds.has(at)) kinds.set(at, new Set());
    kinds.get(at)!.add(kind);
  };
  if (types.includes("array") || node["items"] !== undefined) {
    note("array");
    walk(spec, node["items"], at, kinds, depth + 1, refs);
  }
  if (types.includes("integer") || types.includes("number")) note("number");
  if (types.includes("boolean")) note("boolean");
  if (types.includes("string")) note("string");
  if (isObject(node["properties"])) {
    for (const [name, property] of Object.entries(node["properties"]))
      walk(spec, property, at ? `${at}.${name}` : name, kinds, depth + 1, refs);
  }
}

function deref(spec: OpenApiDocument, node: unknown): Json | undefined {
  const target = isObject(node) && typeof node["$ref"] === "string" ? resolvePointer(spec, node["$ref"]) : node;
  return isObject(target) ? target : undefined;
}

/** `"GET /path"` → the XML shape of its success body. */
export type XmlShapes = Record<string, XmlShape>;

/** generated/xml-shapes.ts: the shapes as a module, loaded only by code that reads XML. */
export function xmlShapesModule(shapes: XmlShapes): string {
  return [
    "/** How to read an operation's XML body: its list paths and its number and boolean paths (see src/codegen/xml-shapes.ts). */",
    "export interface XmlShape {",
    "  readonly arrays: readonly string[];",
    "  readonly numbers: readonly string[];",
    "  readonly booleans: readonly string[];",
    "}",
    "",
    '/** `"GET /path"` → the XML shape of its success body. */',
    `export const xmlShapes: Readonly<Record<string, XmlShape>> = ${literal(shapes, "  ")};`,
    "",
  ].join("\n");
}

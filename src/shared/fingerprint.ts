/**
 * What an operation means to a caller, as three short hashes: its parameters, its request body and
 * its responses, each with local `$ref`s resolved and documentation (descriptions, summaries,
 * examples, titles, `x-` extensions) left out, so that two specs agree on an operation exactly when
 * a call written against one suits the other. The generator records them for the spec it reads;
 * `checkServerVersion()` computes them for the server's spec and compares.
 */

type Json = Record<string, unknown>;

/** The parts of an operation a fingerprint covers, in its order. */
export const FINGERPRINT_PARTS = ["parameters", "requestBody", "responses"] as const;
/** One of {@link FINGERPRINT_PARTS}. */
export type FingerprintPart = (typeof FINGERPRINT_PARTS)[number];

// Keys that document rather than constrain: a change there never breaks a call.
const DOCUMENTATION = new Set(["description", "summary", "example", "examples", "externalDocs", "title", "operationId", "tags", "deprecated"]);
// Objects whose keys are names (a schema's properties, statuses, media types, headers), not
// keywords: a property called `description` is part of the body, not documentation.
const NAME_MAPS = new Set(["properties", "patternProperties", "responses", "content", "headers", "encoding", "links", "callbacks", "mapping"]);

/**
 * `"<parameters>.<requestBody>.<responses>"`, each 8 hex digits, for an operation of `spec` (its
 * path item's parameters included, the operation's own winning by `in` and `name`).
 */
export function fingerprintOperation(spec: unknown, pathItem: unknown, operation: unknown): string {
  const resolve = resolver(spec);
  const byKey = new Map<string, unknown>();
  for (const list of [asObject(pathItem)["parameters"], asObject(operation)["parameters"]]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const parameter = asObject(resolve(item, []));
      byKey.set(`${String(parameter["in"])}:${String(parameter["name"])}`, item);
    }
  }
  const parameters = [...byKey.keys()].sort().map((key) => canonical(byKey.get(key), resolve, []));
  const op = asObject(operation);
  return [parameters, canonical(op["requestBody"], resolve, []), canonical(op["responses"], resolve, [])].map((part) => hash(JSON.stringify(part ?? null))).join(".");
}

/** Which parts of two fingerprints differ (empty when they are the same). */
export function changedParts(ours: string, theirs: string): FingerprintPart[] {
  const a = ours.split(".");
  const b = theirs.split(".");
  return FINGERPRINT_PARTS.filter((_, index) => a[index] !== b[index]);
}

type Resolve = (node: unknown, stack: readonly string[]) => unknown;

// Follows local `$ref`s ("#/components/schemas/X"); anything else is left as the reference itself.
function resolver(spec: unknown): Resolve {
  return (node, stack) => {
    let current = node;
    const seen = new Set(stack);
    while (isObject(current) && typeof current["$ref"] === "string") {
      const ref = current["$ref"];
      if (!ref.startsWith("#/") || seen.has(ref)) return current;
      seen.add(ref);
      current = ref
        .slice(2)
        .split("/")
        .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
        .reduce<unknown>((at, token) => (isObject(at) ? at[token] : undefined), spec);
    }
    return current;
  };
}

// The node with its references inlined (a cycle stays the reference's name), documentation left
// out and keys sorted: the same meaning gives the same text. `names`: the node's keys are names
// (see NAME_MAPS), all kept.
function canonical(node: unknown, resolve: Resolve, stack: readonly string[], names = false): unknown {
  if (!names && isObject(node) && typeof node["$ref"] === "string") {
    const ref = node["$ref"];
    if (stack.includes(ref)) return { $ref: ref };
    return canonical(resolve(node, stack), resolve, [...stack, ref]);
  }
  if (Array.isArray(node)) return node.map((item) => canonical(item, resolve, stack));
  if (!isObject(node)) return node;
  const result: Json = {};
  for (const key of Object.keys(node).sort()) {
    if (!names && (DOCUMENTATION.has(key) || key.startsWith("x-"))) continue;
    result[key] = canonical(node[key], resolve, stack, !names && NAME_MAPS.has(key));
  }
  return result;
}

// FNV-1a, 32 bits: enough to tell a changed operation from an unchanged one, and the same in every runtime.
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Json {
  return isObject(value) ? value : {};
}

/**
 * What an operation means to a caller, as three short hashes: its parameters, its request body and
 * its responses, each with local `$ref`s resolved and documentation (descriptions, summaries,
 * examples, titles, `x-` extensions) left out, so that two specs agree on an operation exactly when
 * a call written against one suits the other. The generator records them for the spec it reads;
 * `checkServerVersion()` computes them for the server's spec and compares.
 *
 * A referenced schema is canonicalised once per operation and stands in by its hash wherever it is
 * referenced again, so the work grows with the spec, not with the number of paths through it (a
 * schema referring to the next one twice, 20 levels deep, would otherwise expand a million times).
 */

type Json = Record<string, unknown>;

/** What starts every fingerprint of this format; a module written by an older generator has none. */
export const FINGERPRINT_FORMAT = "2:";
/** The most schema nodes one operation's fingerprint visits; a spec past it is refused. */
export const MAX_FINGERPRINT_NODES = 200_000;

/** The parts of an operation a fingerprint covers, in its order. */
export const FINGERPRINT_PARTS = ["parameters", "requestBody", "responses"] as const;
/** One of {@link FINGERPRINT_PARTS}. */
export type FingerprintPart = (typeof FINGERPRINT_PARTS)[number];

// Keys that document rather than constrain: a change there never breaks a call.
const DOCUMENTATION = new Set([
  "description",
  "summary",
  "example",
  "examples",
  "externalDocs",
  "title",
  "operationId",
  "tags",
  "deprecated",
]);
// Objects whose keys are names (a schema's properties, statuses, media types, headers), not
// keywords: a property called `description` is part of the body, not documentation.
const NAME_MAPS = new Set([
  "properties",
  "patternProperties",
  "responses",
  "content",
  "headers",
  "encoding",
  "links",
  "callbacks",
  "mapping",
]);

/**
 * `"2:<parameters>.<requestBody>.<responses>"`, each 8 hex digits, for an operation of `spec` (its
 * path item's parameters included, the operation's own winning by `in` and `name`).
 *
 * @throws RangeError when the operation's schemas hold more than {@link MAX_FINGERPRINT_NODES} nodes.
 */
export function fingerprintOperation(spec: unknown, pathItem: unknown, operation: unknown): string {
  const resolve = resolver(spec);
  const walk: Walk = { resolve, hashes: new Map(), visited: 0 };
  const byKey = new Map<string, unknown>();
  for (const list of [asObject(pathItem)["parameters"], asObject(operation)["parameters"]]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const parameter = asObject(resolve(item, []));
      byKey.set(`${String(parameter["in"])}:${String(parameter["name"])}`, item);
    }
  }
  const parameters = [...byKey.keys()].sort().map((key) => canonical(byKey.get(key), walk, []));
  const op = asObject(operation);
  return (
    FINGERPRINT_FORMAT +
    [parameters, canonical(op["requestBody"], walk, []), canonical(op["responses"], walk, [])]
      .map((part) => hash(JSON.stringify(part ?? null)))
      .join(".")
  );
}

/** Which parts of two fingerprints differ (empty when they are the same). */
export function changedParts(ours: string, theirs: string): FingerprintPart[] {
  const a = ours.slice(FINGERPRINT_FORMAT.length).split(".");
  const b = theirs.slice(FINGERPRINT_FORMAT.length).split(".");
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

// One operation's walk: each reference's canonical hash once computed, and the nodes visited.
interface Walk {
  readonly resolve: Resolve;
  readonly hashes: Map<string, string>;
  visited: number;
}

// The node canonical: documentation left out, keys sorted, each reference replaced by the hash of
// what it points at (computed once; a cycle stays the reference's name): the same meaning gives the
// same text. `names`: the node's keys are names (see NAME_MAPS), all kept.
function canonical(node: unknown, walk: Walk, stack: readonly string[], names = false): unknown {
  if (++walk.visited > MAX_FINGERPRINT_NODES)
    throw new RangeError(`an operation's schemas hold more than ${MAX_FINGERPRINT_NODES} nodes`);
  if (!names && isObject(node) && typeof node["$ref"] === "string") {
    const ref = node["$ref"];
    if (stack.includes(ref)) return { $ref: ref };
    let known = walk.hashes.get(ref);
    if (known === undefined) {
      known = hash(JSON.stringify(canonical(walk.resolve(node, stack), walk, [...stack, ref]) ?? null));
      walk.hashes.set(ref, known);
    }
    return { $schema: known };
  }
  if (Array.isArray(node)) return node.map((item) => canonical(item, walk, stack));
  if (!isObject(node)) return node;
  const result: Json = {};
  for (const key of Object.keys(node).sort()) {
    if (!names && (DOCUMENTATION.has(key) || key.startsWith("x-"))) continue;
    result[key] = canonical(node[key], walk, stack, !names && NAME_MAPS.has(key));
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

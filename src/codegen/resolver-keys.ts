import { propertyKey, stringLiteral } from "./emit.js";

// The names every plain object inherits (`constructor`, `toString`, `valueOf`, `__proto__` …).
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
// Keys the resolver cannot take: inherited names, and text its pointers percent-decode (`%`, a
// lone surrogate: "URI malformed").
const unsafe = (key: string) => INHERITED.has(key) || key.includes("%") || !key.isWellFormed();

/**
 * A copy of a document whose keys openapi-typescript's resolver (@redocly/openapi-core 1.x) cannot
 * take stand in as placeholders, with what puts the names back into openapi-typescript's output.
 * It looks keys up in plain objects and finds the inherited member for a schema property or
 * component called `constructor`, `valueOf` or `__proto__` (`valueOf` throws, a recursive schema
 * under `constructor` never ends), and it percent-decodes pointers, so a property named `100%`
 * throws "URI malformed" (an operationId too: it becomes `operations["…"]`). Such names are legal
 * OpenAPI; the types keep them.
 */
export function maskResolverKeys(document: unknown): { masked: unknown; unmask: (code: string) => string } {
  const text = JSON.stringify(document);
  let prefix = "__cognigy_key_";
  while (text.includes(prefix)) prefix = `_${prefix}`;
  const names: string[] = [];
  const placeholder = (name: string) => {
    const index = names.indexOf(name);
    return `${prefix}${index === -1 ? names.push(name) - 1 : index}__`;
  };
  // A $ref's segments as RFC 6901 escapes them (`~1` for `/`, `~0` for `~`).
  const decode = (segment: string) => segment.replaceAll("~1", "/").replaceAll("~0", "~");
  const pointer = (ref: string) =>
    ref
      .split("/")
      .map((segment) => (unsafe(decode(segment)) ? placeholder(decode(segment)) : segment))
      .join("/");
  const masked = JSON.parse(text, function (this: unknown, key, value: unknown) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#")) return pointer(value);
    // openapi-typescript refers to `operations[operationId]` through a pointer too.
    if (key === "operationId" && typeof value === "string" && unsafe(value)) return placeholder(value);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (!keys.some(unsafe)) return value;
    return Object.fromEntries(
      keys.map((name) => [unsafe(name) ? placeholder(name) : name, (value as Record<string, unknown>)[name]]),
    );
  }) as unknown;
  if (names.length === 0) return { masked: document, unmask: (code) => code };
  const quoted = new RegExp(`"${prefix}(\\d+)__"`, "g");
  const bare = new RegExp(`${prefix}(\\d+)__`, "g");
  return {
    masked,
    unmask: (code) =>
      code
        .replace(quoted, (_, n: string) => stringLiteral(names[Number(n)]!))
        .replace(bare, (_, n: string) => propertyKey(names[Number(n)]!)),
  };
}

/**
 * Spec text into generated code. A spec comes from a server, sometimes one the user does not
 * control: every string from it (versions, titles, operationIds, tags, summaries, paths, names,
 * enum values, links) is data, and reaches a generated file only through one of these functions,
 * one per place it can stand. Nothing else in the generator concatenates spec text into code.
 */

/** Code written as it is by {@link literal}: a reference to a constant the module declares. */
export class Code {
  constructor(readonly text: string) {}
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Reserved words cannot name a binding (a type, a constant); they are fine as property keys.
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private " +
    "protected public static yield any boolean number string symbol type never unknown object undefined await async declare"
  ).split(" "),
);

/** A string literal, `"…"`: quotes, backslashes, control characters and U+2028/U+2029 escaped. */
export function stringLiteral(text: string): string {
  return JSON.stringify(String(text)).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/**
 * A property key for an object literal or a type member: bare when a plain identifier, quoted
 * otherwise, and computed for `__proto__`, which as a plain or quoted key in an object literal
 * would set the prototype instead of a property.
 */
export function propertyKey(name: string): string {
  if (name === "__proto__") return `[${stringLiteral(name)}]`;
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/** An identifier made of any text: other characters become `_`, a leading digit or reserved word gets `_`. */
export function identifier(text: string): string {
  const name = String(text).replace(/[^A-Za-z0-9_$]/g, "_") || "_";
  return /^[0-9]/.test(name) || RESERVED.has(name) ? `_${name}` : name;
}

/**
 * Text for a `//` or `/** *\/` comment: on one line (every line terminator, U+2028 and U+2029
 * included, becomes a space), `*\/` cannot close the comment, and other control characters go.
 */
export function comment(text: string): string {
  return (
    String(text)
      .replace(/\r\n|[\n\r\u2028\u2029]/g, " ")
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "")
      .replaceAll("*/", "*\\/")
      .replaceAll("/*", "/\\*")
  );
}

/**
 * An `http(s)` URL for a comment (`@see {@link …}`): parsed and written percent-encoded, so it holds
 * no space, quote, brace or `*`; undefined when the text is not such a URL.
 */
export function url(text: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
  return parsed.href.replace(
    /[*'"{}<>`\\|^ ]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/**
 * A JSON value as a JavaScript expression: strings by {@link stringLiteral}, keys by
 * {@link propertyKey}, {@link Code} as it is. `indent` pretty-prints it as `JSON.stringify` does.
 */
export function literal(value: unknown, indent = "", at = ""): string {
  if (value instanceof Code) return value.text;
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean" || value === null || value === undefined) return String(value ?? null);
  const inner = at + indent;
  const [open, close, separator] = indent ? [`\n${inner}`, `\n${at}`, `,\n${inner}`] : ["", "", ","];
  if (Array.isArray(value))
    return value.length === 0
      ? "[]"
      : `[${open}${value.map((item) => literal(item, indent, inner)).join(separator)}${close}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return "{}";
  return `{${open}${entries.map(([key, item]) => `${propertyKey(key)}:${indent ? " " : ""}${literal(item, indent, inner)}`).join(separator)}${close}}`;
}

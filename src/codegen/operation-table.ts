import { Code, literal, stringLiteral } from "./emit.js";
import { isObject, listOperations, resolvePointer, type OpenApiDocument } from "./openapi-document.js";
import type { OperationName } from "./operation-names.js";
import { SpecError } from "./spec-error.js";

/** The operation table as source text, in the pieces both the repository's files and a user's module put together. */
export interface OperationTableText {
  /** `export type OperationId = "…" | …;` */
  readonly idType: string;
  /** One `const pN: OperationParameter = …;` line per distinct parameter. */
  readonly parameters: string;
  /** The table's object literal, referring to the `pN` constants. */
  readonly literal: string;
}

/**
 * The operation table: each operationId with its method, path, name and the parameters the spec
 * constrains (read before hoisting, so nothing is a $ref), and the success statuses that carry a body.
 *
 * @throws SpecError for an operation without an operationId (the repairs give every one an id first).
 */
export function operationTable(spec: OpenApiDocument, names: readonly OperationName[]): OperationTableText {
  const nameOf = new Map(names.map((name) => [`${name.httpMethod} ${name.path}`, `${name.namespace}.${name.method}`]));
  const rows = new Map<string, unknown>();
  // Operations repeat the same parameters (Accept, the list parameters, ids): each is written once.
  const shared: string[] = [];
  const index = new Map<string, number>();
  const refer = (parameter: unknown) => {
    const key = JSON.stringify(parameter);
    if (!index.has(key)) index.set(key, shared.push(literal(parameter)) - 1);
    return new Code(`p${index.get(key)!}`);
  };
  for (const [method, path, operation] of listOperations(spec)) {
    const id = operation["operationId"];
    if (typeof id !== "string") throw new SpecError(`${method.toUpperCase()} ${path} has no operationId`);
    // The path item's parameters apply too, the operation's own winning by `in` and `name`.
    const declared = [spec.paths[path]!["parameters"], operation["parameters"]].flatMap((list) =>
      Array.isArray(list) ? list : [],
    );
    const resolved = declared
      .map((p) => (isObject(p) && typeof p["$ref"] === "string" ? resolvePointer(spec, p["$ref"]) : p))
      .filter(isObject);
    const byKey = new Map(resolved.map((p) => [`${String(p["in"])} ${String(p["name"])}`, p]));
    const parameters = [...byKey.values()].map((p) => ({
      name: p["name"],
      in: p["in"],
      required: p["required"] === true,
      schema: p["schema"] ?? {},
    }));
    // Success statuses whose response declares a body: an empty body there is an error.
    const responses = (operation["responses"] ?? {}) as Record<string, { content?: Record<string, unknown> }>;
    const statusesWithBody = Object.keys(responses).filter(
      (status) => /^2\d\d$/.test(status) && Object.keys(responses[status]?.content ?? {}).length > 0,
    );
    rows.set(id, {
      method,
      path,
      name: nameOf.get(`${method.toUpperCase()} ${path}`),
      tags: operation["tags"] ?? [],
      summary: operation["summary"] ?? "",
      parameters: new Code(
        `[${parameters
          .map(refer)
          .map((code) => code.text)
          .join(", ")}]`,
      ),
      statusesWithBody,
    });
  }
  return {
    idType: `export type OperationId = ${[...rows.keys()].map(stringLiteral).join(" | ") || "never"};`,
    parameters: shared.map((text, n) => `const p${n}: OperationParameter = ${text};`).join("\n"),
    literal: literal(Object.fromEntries(rows), "  "),
  };
}

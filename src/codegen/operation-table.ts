import { listOperations, type OpenApiDocument } from "./openapi-document.js";
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

// Stands in for an operation's parameter list while the table is written as JSON.
const PARAMETERS = "__operation_parameters__:";

/**
 * The operation table: each operationId with its method, path, name and the parameters the spec
 * constrains (read before hoisting, so nothing is a $ref), and the success statuses that carry a body.
 *
 * @throws SpecError for an operation without an operationId (the repairs give every one an id first).
 */
export function operationTable(spec: OpenApiDocument, names: readonly OperationName[]): OperationTableText {
  const nameOf = new Map(names.map((name) => [`${name.httpMethod} ${name.path}`, `${name.namespace}.${name.method}`]));
  const rows: Record<string, unknown> = {};
  // Operations repeat the same parameters (Accept, the list parameters, ids): each is written once.
  const shared: string[] = [];
  const index = new Map<string, number>();
  const refer = (parameter: unknown) => {
    const key = JSON.stringify(parameter);
    if (!index.has(key)) index.set(key, shared.push(key) - 1);
    return index.get(key)!;
  };
  for (const [method, path, operation] of listOperations(spec)) {
    const id = operation["operationId"];
    if (typeof id !== "string") throw new SpecError(`${method.toUpperCase()} ${path} has no operationId`);
    const parameters = ((operation["parameters"] ?? []) as Array<Record<string, unknown>>).map((p) => ({
      name: p["name"],
      in: p["in"],
      required: p["required"] === true,
      schema: p["schema"] ?? {},
    }));
    // Success statuses whose response declares a body: an empty body there is an error.
    const responses = (operation["responses"] ?? {}) as Record<string, { content?: Record<string, unknown> }>;
    const statusesWithBody = Object.keys(responses).filter((status) => /^2\d\d$/.test(status) && Object.keys(responses[status]?.content ?? {}).length > 0);
    rows[id] = { method, path, name: nameOf.get(`${method.toUpperCase()} ${path}`), tags: operation["tags"] ?? [], summary: operation["summary"] ?? "", parameters: `${PARAMETERS}${parameters.map(refer).join(",")}`, statusesWithBody };
  }
  const ids = Object.keys(rows);
  return {
    idType: `export type OperationId = ${ids.map((id) => JSON.stringify(id)).join(" | ") || "never"};`,
    parameters: shared.map((json, n) => `const p${n}: OperationParameter = ${json};`).join("\n"),
    literal: JSON.stringify(rows, null, 2).replace(
      new RegExp(`"${PARAMETERS}([\\d,]*)"`, "g"),
      (_, list: string) => `[${list.split(",").filter(Boolean).map((n) => `p${n}`).join(", ")}]`,
    ),
  };
}

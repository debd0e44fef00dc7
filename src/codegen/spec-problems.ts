import {
  isObject,
  listOperations,
  pointerOf,
  resolvePointer,
  type Json,
  type OpenApiDocument,
} from "./openapi-document.js";
import { nameOf } from "./operation-names.js";

/** One defect in a spec, where it is (an RFC 6901 JSON pointer) and what is wrong. */
export interface SpecProblem {
  readonly pointer: string;
  readonly message: string;
  /** False for a defect that does not stop generation (an example outside its enum). */
  readonly blocking: boolean;
}

/** The defects vendor specs carry that the scripts look for by name, each with its pointer. */
export function findProblems(spec: OpenApiDocument): SpecProblem[] {
  return [
    ...duplicateOperationIds(spec).map(({ pointer, id }) => ({
      pointer,
      message: `operationId ${JSON.stringify(id)} is used by another operation too`,
      blocking: true,
    })),
    ...undeclaredPathParameters(spec).map(({ pointer, name }) => ({
      pointer,
      message: `path parameter {${name}} is not declared`,
      blocking: true,
    })),
    ...danglingRefs(spec),
    ...refCycles(spec),
    ...misfitExamples(spec).map(({ pointer, schema, reason }) => ({
      pointer,
      message: `example ${JSON.stringify(schema["example"])?.slice(0, 60)} ${reason}`,
      blocking: false,
    })),
  ];
}

/**
 * Fixes the defects that have one obvious fix, on a copy, and says what it did: an operation
 * without an operationId takes its name (`aiAgents.get`), an operationId used twice is made unique by its path's version (`readAiAgent_2_0` on a `/v3.0/` route becomes
 * `readAiAgent_3_0`; without a version, a number), an undeclared path parameter is declared as a
 * required string, and an example that does not fit its schema (outside its enum, or of another
 * type) is dropped. Dangling `$ref`s have no such fix
 * and are left for the overlay or the validator.
 */
export function repairSpec(input: OpenApiDocument): { spec: OpenApiDocument; repairs: string[] } {
  const spec = structuredClone(input);
  const repairs: string[] = [];
  const taken = new Set(
    listOperations(spec)
      .map(([, , operation]) => operation["operationId"])
      .filter((id): id is string => typeof id === "string"),
  );
  // An operation without an operationId takes its name, `namespace.method`, which is its own.
  for (const [method, path, operation] of listOperations(spec)) {
    if (typeof operation["operationId"] === "string") continue;
    const { namespace, method: name } = nameOf(method, path, operation);
    let unique = `${namespace}.${name}`;
    for (let n = 2; taken.has(unique); n++) unique = `${namespace}.${name}_${n}`;
    taken.add(unique);
    operation["operationId"] = unique;
    repairs.push(`${pointerOf("paths", path, method)}: no operationId; now ${JSON.stringify(unique)}`);
  }
  for (const { pointer, id, path, operation } of duplicateOperationIds(spec)) {
    const version = /^\/v(\d+)\.(\d+)\//.exec(path);
    const wanted = version ? `${id.replace(/_\d+_\d+$/, "")}_${version[1]}_${version[2]}` : id;
    let unique = wanted;
    for (let n = 2; taken.has(unique); n++) unique = `${wanted}_${n}`;
    taken.add(unique);
    operation["operationId"] = unique;
    repairs.push(`${pointer}: operationId ${JSON.stringify(id)} was used twice; now ${JSON.stringify(unique)}`);
  }
  for (const { pointer, name, operation } of undeclaredPathParameters(spec)) {
    operation["parameters"] = [
      ...(Array.isArray(operation["parameters"]) ? operation["parameters"] : []),
      { name, in: "path", required: true, schema: { type: "string" } },
    ];
    repairs.push(`${pointer}: path parameter {${name}} was not declared; declared as a required string`);
  }
  for (const { pointer, schema, reason } of misfitExamples(spec)) {
    repairs.push(`${pointer}: example ${JSON.stringify(schema["example"])?.slice(0, 60)} ${reason}; removed`);
    delete schema["example"];
  }
  return { spec, repairs };
}

// Every operation after the first to use an operationId.
function duplicateOperationIds(
  spec: OpenApiDocument,
): Array<{ pointer: string; id: string; path: string; operation: Json }> {
  const seen = new Set<string>();
  const duplicates: Array<{ pointer: string; id: string; path: string; operation: Json }> = [];
  for (const [method, path, operation] of listOperations(spec)) {
    const id = operation["operationId"];
    if (typeof id !== "string") continue;
    if (seen.has(id))
      duplicates.push({ pointer: pointerOf("paths", path, method, "operationId"), id, path, operation });
    seen.add(id);
  }
  return duplicates;
}

// `{name}` in a path that neither the operation nor its path item declares as a path parameter.
function undeclaredPathParameters(spec: OpenApiDocument): Array<{ pointer: string; name: string; operation: Json }> {
  const found: Array<{ pointer: string; name: string; operation: Json }> = [];
  for (const [method, path, operation] of listOperations(spec)) {
    const declared = new Set(
      [...parametersOf(spec, spec.paths[path]!["parameters"]), ...parametersOf(spec, operation["parameters"])]
        .filter((p) => p["in"] === "path")
        .map((p) => p["name"]),
    );
    for (const [, name] of path.matchAll(/\{([^{}]+)\}/g))
      if (!declared.has(name))
        found.push({ pointer: pointerOf("paths", path, method, "parameters"), name: name!, operation });
  }
  return found;
}

function parametersOf(spec: OpenApiDocument, list: unknown): Json[] {
  return (Array.isArray(list) ? list : [])
    .map((parameter) =>
      isObject(parameter) && typeof parameter["$ref"] === "string"
        ? resolvePointer(spec, parameter["$ref"])
        : parameter,
    )
    .filter(isObject);
}

// Every `$ref` to a place in the document that does not exist.
function danglingRefs(spec: OpenApiDocument): SpecProblem[] {
  const problems: SpecProblem[] = [];
  walk(spec, [], (node, keys) => {
    const ref = node["$ref"];
    if (typeof ref === "string" && ref.startsWith("#") && !isObject(resolvePointer(spec, ref)))
      problems.push({
        pointer: pointerOf(...keys, "$ref"),
        message: `$ref ${JSON.stringify(ref)} points nowhere`,
        blocking: true,
      });
  });
  return problems;
}

// A `$ref` that leads only to `$ref`s and back: a schema that is nothing but itself. (A cycle
// through properties or items is a recursive schema, which is fine.)
function refCycles(spec: OpenApiDocument): SpecProblem[] {
  const problems: SpecProblem[] = [];
  walk(spec, [], (node, keys) => {
    const seen: string[] = [];
    for (let ref = node["$ref"]; typeof ref === "string" && ref.startsWith("#");) {
      if (seen.includes(ref)) {
        problems.push({
          pointer: pointerOf(...keys, "$ref"),
          message: `$ref ${JSON.stringify(seen[0])} leads only to $refs and back (${[...seen, ref].join(" → ")}): a schema that is nothing but itself`,
          blocking: true,
        });
        return;
      }
      seen.push(ref);
      const target = resolvePointer(spec, ref);
      ref = isObject(target) ? target["$ref"] : undefined;
    }
  });
  return problems;
}

// A schema whose `example` is not among its `enum` values, or not of its `type`.
function misfitExamples(spec: OpenApiDocument): Array<{ pointer: string; schema: Json; reason: string }> {
  const found: Array<{ pointer: string; schema: Json; reason: string }> = [];
  walk(spec, [], (node, keys) => {
    if (!("example" in node) || !(Array.isArray(node["enum"]) || typeof node["type"] === "string")) return;
    const reason = misfit(node, node["example"]);
    if (reason) found.push({ pointer: pointerOf(...keys, "example"), schema: node, reason });
  });
  return found;
}

function misfit(schema: Json, example: unknown): string | undefined {
  const values = schema["enum"];
  if (Array.isArray(values) && !values.some((value) => JSON.stringify(value) === JSON.stringify(example)))
    return "is not one of the enum's values";
  if (example === null) return schema["nullable"] === true ? undefined : "is null but the schema is not nullable";
  const type = schema["type"];
  const actual = Array.isArray(example) ? "array" : typeof example === "object" ? "object" : typeof example;
  const fits =
    type === "integer"
      ? Number.isInteger(example)
      : type === "number"
        ? actual === "number"
        : typeof type !== "string" || type === actual;
  return fits ? undefined : `is not of type ${String(type)}`;
}

function walk(
  node: unknown,
  keys: Array<string | number>,
  visit: (node: Json, keys: Array<string | number>) => void,
): void {
  if (Array.isArray(node)) node.forEach((item, index) => walk(item, [...keys, index], visit));
  else if (isObject(node)) {
    visit(node, keys);
    for (const [key, value] of Object.entries(node)) walk(value, [...keys, key], visit);
  }
}

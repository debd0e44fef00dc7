import { CognigyValidationError, type ValidationIssue } from "../errors/validation-error.js";
import type { OperationInfo } from "../spec.js";

/** A call's `params`, as openapi-fetch takes them. */
export type RequestParams = {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
};

const patterns = new Map<string, RegExp>();

/**
 * Checks a request before it is sent. Always: path parameters are present, non-empty, not `.` or
 * `..` (which URL parsing would resolve into another route), well-formed Unicode, query values
 * nested at most one level, and GET/HEAD carry no body. With `spec` on: every path and query parameter against its schema in the spec
 * (pattern, length, bounds, enum, type) and required query parameters are present.
 *
 * @throws CognigyValidationError listing every problem; nothing has been sent.
 */
export function validateRequest(
  method: string,
  path: string,
  params: RequestParams | undefined,
  body: unknown,
  spec: boolean,
  operation: OperationInfo | undefined,
): void {
  const issues: ValidationIssue[] = [];
  if ((method === "GET" || method === "HEAD") && body !== undefined)
    issues.push({ in: "body", name: "body", message: `is not allowed on ${method}` });
  for (const key of templateNames(path)) {
    const problem = unsafePathValue(params?.path?.[key]);
    if (problem) issues.push({ in: "path", name: key, message: problem });
  }
  for (const [name, value] of Object.entries(params?.query ?? {})) {
    if (typeof value === "string" && !value.isWellFormed())
      issues.push({ in: "query", name, message: "is not well-formed Unicode (a lone surrogate)" });
    // openapi-fetch writes one level (`name[key]=v`, `name=a&name=b`); deeper ones it cannot.
    if (
      typeof value === "object" &&
      value !== null &&
      Object.values(value).some((item) => typeof item === "object" && item !== null)
    ) {
      issues.push({
        in: "query",
        name,
        message: "nests objects or arrays more than one level deep, which a query string cannot carry",
      });
    }
  }
  for (const parameter of (spec && operation?.parameters) || []) {
    if (parameter.in !== "path" && parameter.in !== "query") continue;
    if (issues.some((issue) => issue.in === parameter.in && issue.name === parameter.name)) continue;
    const value = params?.[parameter.in]?.[parameter.name];
    if (value === undefined || value === null) {
      if (parameter.required && parameter.in === "query")
        issues.push({ in: "query", name: parameter.name, message: "is required" });
      continue;
    }
    const problem = schemaProblem(parameter.schema, value);
    if (problem) issues.push({ in: parameter.in, name: parameter.name, message: problem });
  }
  if (issues.length > 0) throw new CognigyValidationError(method, path, issues);
}

/** The parameter names of a path template, `{name}` each (what openapi-fetch fills in). */
function templateNames(path: string): string[] {
  const names: string[] = [];
  for (let open = path.indexOf("{"); open !== -1; open = path.indexOf("{", open + 1)) {
    const close = path.indexOf("}", open + 1);
    if (close === -1) break;
    const name = path.slice(open + 1, close);
    if (name !== "" && !name.includes("{")) names.push(name);
  }
  return names;
}

function unsafePathValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return "is required";
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
    return `must be a string or number, got ${Array.isArray(value) ? "an array" : typeof value}`;
  const text = String(value);
  if (text === "") return "must not be empty";
  if (text === "." || text === "..") return `must not be ${JSON.stringify(text)} (it would resolve into another route)`;
  if (!text.isWellFormed()) return "is not well-formed Unicode (a lone surrogate)";
  return undefined;
}

function schemaProblem(schema: Readonly<Record<string, unknown>>, value: unknown): string | undefined {
  const problem = firstProblem(schema, value);
  return problem && `${problem} (got ${JSON.stringify(value)?.slice(0, 60) ?? String(value)})`;
}

function firstProblem(schema: Readonly<Record<string, unknown>>, value: unknown): string | undefined {
  const enumValues = schema["enum"] as unknown[] | undefined;
  if (enumValues && !enumValues.includes(value))
    return `must be one of ${enumValues.map((v) => JSON.stringify(v)).join(", ")}`;
  switch (schema["type"]) {
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return `must be a number`;
      if (schema["type"] === "integer" && !Number.isInteger(value)) return `must be an integer`;
      if (typeof schema["minimum"] === "number" && value < schema["minimum"])
        return `must be at least ${schema["minimum"]}`;
      if (typeof schema["maximum"] === "number" && value > schema["maximum"])
        return `must be at most ${schema["maximum"]}`;
      return undefined;
    }
    case "boolean":
      return typeof value === "boolean" ? undefined : `must be true or false`;
    case "string": {
      if (typeof value !== "string") return `must be a string`;
      if (typeof schema["minLength"] === "number" && value.length < schema["minLength"])
        return `must be at least ${schema["minLength"]} characters`;
      if (typeof schema["maxLength"] === "number" && value.length > schema["maxLength"])
        return `must be at most ${schema["maxLength"]} characters`;
      if (typeof schema["pattern"] === "string" && !pattern(schema["pattern"]).test(value))
        return `must match ${schema["pattern"]}`;
      return undefined;
    }
    default:
      return undefined;
  }
}

function pattern(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) {
    // JSON Schema patterns are ECMA-262 regular expressions; a few valid ones are not valid with /u.
    try {
      compiled = new RegExp(source, "u");
    } catch {
      compiled = new RegExp(source);
    }
    patterns.set(source, compiled);
  }
  return compiled;
}

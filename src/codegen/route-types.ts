import { comment, propertyKey, stringLiteral, url } from "./emit.js";
import { pascal } from "./name-words.js";
import {
  HTTP_METHODS,
  isObject,
  listOperations,
  resolvePointer,
  uniqueName,
  type Json,
  type OpenApiDocument,
} from "./openapi-document.js";
import { docsLink } from "../shared/docs-link.js";
import type { OperationName } from "./operation-names.js";

// openapi-typescript-helpers' OkStatus and ErrorStatus: the response codes openapi-fetch reads
// `data` and `error` from. test/types/route-types.ts holds every route to openapi-fetch's types
// (`npm run typecheck`; test/route-types.test.ts shows it catches a difference).
const OK_STATUS = new Set(["200", "201", "202", "203", "204", "206", "207", "2XX"]);
const ERROR_STATUS = new Set([
  ..."500 501 502 503 504 505 506 507 508 510 511 5XX".split(" "),
  ..."400 401 402 403 404 405 406 407 408 409 410 411 412 413 414 415 416 417 418 420 421 422 423 424 425 426 427 428 429 430 431 444 450 451 497 498 499 4XX".split(
    " ",
  ),
  "default",
]);
const JSON_MEDIA = "application/json";

/**
 * generated/routes.ts: for every method and path, the call's init (`params`, `body`), whether it
 * may be left out, and the `data` and `error` bodies — what openapi-fetch's generic types work out
 * at each call (ParamsOption, RequestBodyOption, FetchResponse), written out as plain indexed
 * accesses into `paths`. Over a Cognigy-sized spec, TypeScript otherwise evaluates those generic
 * types for every path of the method while it checks a single call (see BENCHMARKS.md).
 */
export function routeTypes(spec: OpenApiDocument, operationNames: readonly OperationName[]): string {
  const resolve = (value: unknown): Json => {
    if (!isObject(value) || typeof value["$ref"] !== "string") return isObject(value) ? value : {};
    return resolve(resolvePointer(spec, value["$ref"]));
  };
  // A response's body as openapi-fetch's GetResponseContent reads it with Media = application/json:
  // the JSON content, else the whole content map, else `content` itself (absent: undefined).
  const bodyOf = (at: string, response: unknown) => {
    const content = resolve(response)["content"];
    if (!isObject(content) || Object.keys(content).length === 0) return `${at}["content"]`;
    return JSON_MEDIA in content ? `${at}["content"][${stringLiteral(JSON_MEDIA)}]` : `${at}["content"]`;
  };
  const statusKey = (status: string) => (/^\d+$/.test(status) ? status : stringLiteral(status));
  const nameOf = new Map(operationNames.map((name) => [`${name.httpMethod} ${name.path}`, name]));

  // Route names end in "Route" and error unions start with "ErrorBodies": neither meets the other
  // names routes.ts declares or uses (components, paths, Routes, lib types).
  const names = new Set<string>();
  const unique = (wanted: string) => uniqueName(wanted, names);
  const routes: Array<{ name: string; members: string; errorUnion: string }> = [];
  const errorUnions = new Map<string, { statuses: string[]; uses: number }>();
  const byMethod = new Map<string, string[]>(HTTP_METHODS.map((method) => [method, []]));
  const routeOf = new Map<string, string>();
  for (const [method, path, operation] of listOperations(spec)) {
    const name = unique(routeName(nameOf.get(`${method.toUpperCase()} ${path}`)));
    const op = `${name}["op"]`;
    const item = spec.paths[path] as Json;
    // Path-level parameters apply too (openapi-typescript merges them into the operation's).
    const parameters = [
      ...(Array.isArray(item["parameters"]) ? item["parameters"] : []),
      ...(Array.isArray(operation["parameters"]) ? operation["parameters"] : []),
    ].map(resolve);
    const paramsRequired = parameters.some((p) => p["required"] === true);
    const requestBody = operation["requestBody"] === undefined ? undefined : resolve(operation["requestBody"]);
    const bodyRequired = requestBody?.["required"] === true;
    const media = Object.keys(isObject(requestBody?.["content"]) ? requestBody["content"] : {}).filter((key) =>
      key.includes("/"),
    );
    // No body: openapi-fetch still accepts an explicit `body: undefined`.
    let body = "body?: undefined";
    if (requestBody && media.length > 0) {
      const requestBodyType = bodyRequired ? `${op}["requestBody"]` : `NonNullable<${op}["requestBody"]>`;
      const content = `${requestBodyType}["content"][${media.map(stringLiteral).join(" | ")}]`;
      body = bodyRequired ? `body: ${content}` : `body?: ${content} | undefined`;
    }
    const responses = resolve(operation["responses"]);
    const at = (status: string) => {
      const response = responses[status];
      const ref =
        isObject(response) && typeof response["$ref"] === "string"
          ? /^#\/components\/responses\/([^/]+)$/.exec(response["$ref"])
          : null;
      return ref
        ? `components["responses"][${stringLiteral(ref[1]!.replaceAll("~1", "/").replaceAll("~0", "~"))}]`
        : `${op}["responses"][${statusKey(status)}]`;
    };
    const union = (statuses: string[]) =>
      [...new Set(statuses.map((status) => bodyOf(at(status), responses[status])))].join(" | ") || "never";
    const statuses = Object.keys(responses);
    const data = union(statuses.filter((status) => OK_STATUS.has(status)));
    // Most operations share their error responses: each distinct union is written once.
    const errorStatuses = statuses.filter((status) => ERROR_STATUS.has(status));
    const errorUnion = union(errorStatuses);
    const known = errorUnions.get(errorUnion) ?? { statuses: errorStatuses, uses: 0 };
    known.uses++;
    errorUnions.set(errorUnion, known);
    const optional = !paramsRequired && !bodyRequired;
    const members = `op: paths[${stringLiteral(path)}][${stringLiteral(method)}]; method: ${stringLiteral(method)}; path: ${stringLiteral(path)}; optional: ${optional}; init: { params${paramsRequired ? "" : "?"}: ${op}["parameters"]; ${body} }; data: ${data};`;
    routes.push({ name, members, errorUnion });
    routeOf.set(`${method.toUpperCase()} ${path}`, name);
    byMethod.get(method)!.push(`    ${propertyKey(path)}: ${name};`);
  }
  // The union most operations share is `ErrorBodies`; any other is named after its statuses.
  const errorNames = new Map<string, string>();
  for (const [errorUnion, { statuses }] of [...errorUnions].sort((a, b) => b[1].uses - a[1].uses)) {
    errorNames.set(
      errorUnion,
      unique(
        errorNames.size === 0
          ? "ErrorBodies"
          : `ErrorBodies_${statuses.map((status) => status.replace(/\W/g, "")).join("_") || "none"}`,
      ),
    );
  }
  return [
    'import type { components, paths } from "./schema.js";',
    "",
    "// Each route is an interface named after its method, so that editors show a call's types by that",
    "// name (`CallResult<AiAgentsGetRoute, …>`) rather than spelled out.",
    ...[...errorNames].map(([errorUnion, name]) => {
      const statuses = errorUnions.get(errorUnion)!.statuses;
      const what =
        statuses.length === 0
          ? "No error responses declared"
          : `The JSON bodies of the error responses (${statuses.join(", ")})`;
      return `/** ${what}: what ${name === "ErrorBodies" ? "most operations share" : "some operations answer with"}. */\ntype ${name} = ${errorUnion};`;
    }),
    ...routes.map(
      ({ name, members, errorUnion }) => `interface ${name} { ${members} error: ${errorNames.get(errorUnion)!} }`,
    ),
    "",
    "/**",
    " * Per method and path: the operation (`op`), `init` (the call's params and body), whether the",
    " * init argument may be left out, and the `data` (JSON success) and `error` bodies, as",
    " * openapi-fetch's types work them out.",
    " */",
    "export interface Routes {",
    ...HTTP_METHODS.flatMap((method) =>
      byMethod.get(method)!.length === 0 ? [`  ${method}: {};`] : [`  ${method}: {`, ...byMethod.get(method)!, "  };"],
    ),
    "}",
    "",
    "/** Every operation by name, `client.<namespace>.<method>()`: its route (see src/codegen/operation-names.ts for the naming rules). */",
    "export interface Operations {",
    ...namespaces(operationNames, routeOf, "  "),
    "}",
    "",
  ].join("\n");
}

// Each named method carries the operation's summary, method and path, operationId and docs page,
// which editors show on hover. A marked version (`v3.analytics`) nests its namespaces.
function namespaces(
  operationNames: readonly OperationName[],
  routeOf: ReadonlyMap<string, string>,
  indent: string,
): string[] {
  const grouped = new Map<string, OperationName[]>();
  for (const name of operationNames) {
    const [head = "", ...rest] = name.namespace.split(".");
    const key = rest.length === 0 ? `:${head}` : head;
    grouped.set(key, [...(grouped.get(key) ?? []), rest.length === 0 ? name : { ...name, namespace: rest.join(".") }]);
  }
  return [...grouped].flatMap(([key, members]) => {
    if (!key.startsWith(":"))
      return [`${indent}${propertyKey(key)}: {`, ...namespaces(members, routeOf, `${indent}  `), `${indent}};`];
    return [
      `${indent}${propertyKey(key.slice(1))}: {`,
      ...members.flatMap((member) => {
        const link = url(docsLink(member) ?? "");
        return [
          `${indent}  /**`,
          `${indent}   * ${comment(member.summary || member.operationId)}: \`${member.httpMethod} ${comment(member.path)}\` (\`${comment(member.operationId)}\`).`,
          ...(link ? [`${indent}   * @see {@link ${link}}`] : []),
          `${indent}   */`,
          `${indent}  ${propertyKey(member.method)}: ${routeOf.get(`${member.httpMethod} ${member.path}`)};`,
        ];
      }),
      `${indent}};`,
    ];
  });
}

/** `client.v3.analytics.getCallCounter` → `V3AnalyticsGetCallCounterRoute`. */
function routeName(name: OperationName | undefined): string {
  const words = name ? [...name.namespace.split("."), name.method] : ["unnamed"];
  return `${pascal(words).replace(/[^A-Za-z0-9_$]/g, "_")}Route`;
}

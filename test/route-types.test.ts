import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import type { OpenApiDocument } from "../src/codegen/openapi-document.js";
import { routeTypes } from "../src/codegen/route-types.js";
import { nameOperations } from "../src/codegen/operation-names.js";

// test/types/route-types.ts holds generated/routes.ts to openapi-fetch's own types for every route
// (`npm run typecheck` runs it). Here the same check runs on the routes as generated, and on a copy
// with one route's types changed, which it must catch and name; a call to a path that is not a
// route must be reported as that; editors must show a call's types by the route's name; and the
// generator's naming rules hold on a small spec.
const ROUTES = resolve("generated/routes.ts");
const CHECK = resolve("test/types/route-types.ts");
const CALLER = resolve("test/types/caller.ts");

/** The project's compiler options (tsconfig.json). */
const compilerOptions = () =>
  ts.getParsedCommandLineOfConfigFile(
    resolve("tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )!.options;

/** tsc's messages for the project's compiler options, with some files' text replaced. */
function diagnostics(roots: string[], replaced: Record<string, string>): string[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => resolve(file) in replaced || fileExists(file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = replaced[resolve(file)];
    return text === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram(roots, options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** What an editor shows on hovering each of `words` (its first occurrence) in `text`, as test/types/caller.ts. */
function hovers(text: string, words: string[]): string[] {
  return quickInfo(text, words).map((info) => ts.displayPartsToString(info?.displayParts));
}

/** The same, with the documentation and tags an editor shows below the type. */
function hoverDocs(text: string, word: string): string {
  const [info] = quickInfo(text, [word]);
  const tags = (info?.tags ?? []).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`);
  return [ts.displayPartsToString(info?.displayParts), ts.displayPartsToString(info?.documentation), ...tags].join(
    "\n",
  );
}

function quickInfo(text: string, words: string[]): Array<ts.QuickInfo | undefined> {
  const options = compilerOptions();
  const service = ts.createLanguageService({
    getScriptFileNames: () => [CALLER],
    getScriptVersion: () => "1",
    getScriptSnapshot: (file) => {
      const content = resolve(file) === CALLER ? text : ts.sys.readFile(file);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => process.cwd(),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (file) => resolve(file) === CALLER || ts.sys.fileExists(file),
    readFile: (file) => (resolve(file) === CALLER ? text : ts.sys.readFile(file)),
    readDirectory: (...args) => ts.sys.readDirectory(...args),
    directoryExists: (directory) => ts.sys.directoryExists(directory),
    getDirectories: (directory) => ts.sys.getDirectories(directory),
  });
  return words.map((word) => service.getQuickInfoAtPosition(CALLER, text.indexOf(word)));
}

describe("generated/routes.ts against openapi-fetch's types", () => {
  const generated = readFileSync(ROUTES, "utf8");

  test("every route matches", () => {
    expect(diagnostics([CHECK], {})).toEqual([]);
  });

  test("a route whose init or data type differs is named", () => {
    const wrong = generated
      .replace(/(op: paths\["\/v2\.0\/largelanguagemodels"\]\["get"\]; .*?optional: )true/, "$1false")
      // The data type is the operation's own response or, once hoisted, a shared component's.
      .replace(
        /(op: paths\["\/v2\.0\/aiagents\/\{aiAgentId\}"\]\["get"\]; .*? data: [^;]*?\["content"\])\["application\/json"\]/,
        "$1",
      );
    expect(wrong).not.toBe(generated);
    const found = diagnostics([CHECK], { [ROUTES]: wrong }).join("\n");
    expect(found).toContain('"get /v2.0/largelanguagemodels: whether init may be left out differs"');
    expect(found).toContain('"get /v2.0/aiagents/{aiAgentId}: data or error differ"');
  });

  test("a path that is not a route is reported as the problem by GET, POST …; request() is the escape hatch for it", () => {
    const caller = [
      'import { createCognigyClient } from "../../src/index.js";',
      'const client = createCognigyClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k" });',
      'export const viaGet = client.GET("/v2.0/nope");',
      'export const viaRequest = client.request("get", "/v2.0/nope");',
    ].join("\n");
    const found = diagnostics([CALLER], { [CALLER]: caller });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^Argument of type '"\/v2\.0\/nope"' is not assignable to parameter of type/);
  });

  test("editors show a call's types by route name, not spelled out", () => {
    const caller = [
      'import { createCognigyClient } from "../../src/index.js";',
      'const client = createCognigyClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k" });',
      'export const result = await client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } } });',
      "export const { error } = result;",
    ].join("\n");
    const [call, result, error] = hovers(caller, ["GET(", "result =", "error }"]);
    expect(call).toContain('init: CallInit<AiAgentsGetRoute, "json", undefined>');
    expect(result).toBe('const result: CallResult<AiAgentsGetRoute, "json", undefined>');
    expect(error).toBe("const error: ErrorBodies | undefined");
  });

  test("editors show a named method by its route name, with the operation's summary, route and docs page", () => {
    const caller = [
      'import { createCognigyClient } from "../../src/index.js";',
      'const client = createCognigyClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k" });',
      'export const result = await client.aiAgents.get({ params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } } });',
    ].join("\n");
    const hover = hoverDocs(caller, "get({");
    expect(hover).toContain(
      '(init: CallInit<AiAgentsGetRoute, "json", undefined>) => Promise<CallResult<AiAgentsGetRoute, "json", undefined>>',
    );
    expect(hover).toContain("Get an AI Agent: `GET /v2.0/aiagents/{aiAgentId}` (`readAiAgent_2_0`).");
    expect(hover).toContain("https://docs.cognigy.com/api-reference/ai-agents/get-an-ai-agent");
    // Not the operation spelled out.
    expect(hover.length).toBeLessThan(600);
    expect(hovers(caller, ["result ="])[0]).toBe('const result: CallResult<AiAgentsGetRoute, "json", undefined>');
  });

  test("routes are named after their method's name, whatever their operationId; error unions after how many share them", () => {
    const error = (description: string) => ({
      description,
      content: { "application/json": { schema: { type: "object" } } },
    });
    const ok = { "200": { description: "ok", content: { "application/json": { schema: { type: "string" } } } } };
    const spec = {
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      paths: {
        "/a": { get: { operationId: "read_a", responses: { ...ok, "404": { $ref: "#/components/responses/Gone" } } } },
        "/b": { get: { operationId: "readA", responses: { ...ok, "404": { $ref: "#/components/responses/Gone" } } } },
        "/c/{id}": {
          delete: { responses: { "204": { description: "deleted" }, "409": error("busy"), "500": error("broken") } },
        },
        "/d": { get: { operationId: "2fa-check", responses: ok } },
      },
      components: { responses: { Gone: error("gone") } },
    } as unknown as OpenApiDocument;
    const routes = routeTypes(spec, nameOperations(spec));
    expect(routes).toContain('interface AListRoute { op: paths["/a"]["get"];');
    expect(routes).toContain('interface BListRoute { op: paths["/b"]["get"];');
    expect(routes).toContain('interface CDeleteRoute { op: paths["/c/{id}"]["delete"];');
    expect(routes).toContain('interface DListRoute { op: paths["/d"]["get"];');
    // Two routes share the 404 union; the others are named by their statuses.
    expect(routes).toContain('type ErrorBodies = components["responses"]["Gone"]["content"]["application/json"];');
    expect(routes).toContain("type ErrorBodies_409_500 = ");
    expect(routes).toContain("type ErrorBodies_none = never;");
    expect(routes.match(/error: ErrorBodies }/g)).toHaveLength(2);
    expect(routes).toContain('"/c/{id}": CDeleteRoute;');
  });
});

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

// test/types/route-types.ts holds generated/routes.ts to openapi-fetch's own types for every route
// (`npm run typecheck` runs it). Here the same check runs on the routes as generated, and on a copy
// with one route's types changed, which it must catch and name.
const ROUTES = resolve("generated/routes.ts");
const CHECK = resolve("test/types/route-types.ts");

function problems(routes: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(resolve("tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => (resolve(file) === ROUTES ? ts.createSourceFile(file, routes, language) : getSourceFile(file, language, ...rest));
  const program = ts.createProgram([CHECK], config.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("generated/routes.ts against openapi-fetch's types", () => {
  const generated = readFileSync(ROUTES, "utf8");

  test("every route matches", () => {
    expect(problems(generated)).toEqual([]);
  });

  test("a route whose init or data type differs is named", () => {
    const wrong = generated
      .replace(/("\/v2\.0\/largelanguagemodels": \{ op: Operation\d+; optional: )true/, "$1false")
      .replace(/("\/v2\.0\/aiagents\/\{aiAgentId\}": .*? data: Operation\d+\["responses"\]\[200\]\["content"\])\["application\/json"\]/, "$1");
    expect(wrong).not.toBe(generated);
    const found = problems(wrong).join("\n");
    expect(found).toContain('"get /v2.0/largelanguagemodels: whether init may be left out differs"');
    expect(found).toContain('"get /v2.0/aiagents/{aiAgentId}: data or error differ"');
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

// The TypeScript sources under `dir` (src/guides holds Markdown, whose examples are not the library's imports).
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );

describe("src/", () => {
  test("only src/spec.ts (and the spec document it loads lazily) imports from generated/", () => {
    const importers = sourceFiles("src").filter((file) =>
      /from\s+["'][^"']*generated\//.test(readFileSync(file, "utf8")),
    );
    expect(importers.sort()).toEqual([join("src", "spec-document.ts"), join("src", "spec.ts")]);
  });

  test("loads the request pipeline and the operation table with the first call, and the XML and CSV parsers, the OAuth2 library and the XML shapes only when they are used", () => {
    const staticImports = sourceFiles("src").filter((file) =>
      /^import (?!type)[^;]*from\s+["'](fast-xml-parser|oauth4webapi|\.\/csv\.js)/m.test(readFileSync(file, "utf8")),
    );
    expect(staticImports).toEqual([]);
    const lazy = sourceFiles("src").flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/(?<!typeof )import\("([^"]+)"[,)]/g)].map((m) => m[1]),
    );
    expect(lazy.sort()).toEqual([
      "../codegen/generate-module.js",
      "../generated/fingerprints.js",
      "../generated/operations.js",
      "../generated/xml-shapes.js",
      // The command's own commands, each loaded when it runs.
      "./api-commands.js",
      "./api-commands.js",
      "./call.js",
      "./csv.js",
      "./csv.js",
      "./generate.js",
      "./mock.js",
      // OAuth2's token requests, loaded by the first token a strategy or a flow asks for.
      "./oauth2-tokens.js",
      "./oauth2-tokens.js",
      "./spec-document.js",
      "./tasks/wait-for-task.js",
      "./transfer/download.js",
      "./transfer/upload.js",
      "./version/check-server-version.js",
      "@stoplight/prism-core",
      "@stoplight/prism-http",
      "@stoplight/prism-http-server",
      "fast-xml-parser",
      "oauth4webapi",
      "tus-js-client",
    ]);
    const staticTable = sourceFiles("src").filter((file) =>
      /^import (?!type)[^;]*from\s+["'][^"']*generated\/(operations|xml-shapes)\.js/m.test(readFileSync(file, "utf8")),
    );
    expect(staticTable).toEqual([]);
    // Nothing but the client imports the pipeline, and only dynamically; openapi-fetch comes with it.
    const pipelineImporters = sourceFiles("src").filter((file) =>
      /^import (?!type)[^;]*from\s+["']\.\.?\/(client\/)?call\.js/m.test(readFileSync(file, "utf8")),
    );
    expect(pipelineImporters).toEqual([]);
    const openapiFetchImporters = sourceFiles("src").filter((file) =>
      /^import (?!type)[^;]*from\s+["']openapi-fetch["']/m.test(readFileSync(file, "utf8")),
    );
    expect(openapiFetchImporters).toEqual([join("src", "client", "call.ts")]);
  });

  test("imports nothing Node-specific, so it runs wherever fetch exists; only the test kit's servers, the node entry's files and the generate command use node:", () => {
    const nodeOnly = [
      join("src", "testing", "servers"),
      join("src", "node"),
      join("src", "codegen"),
      join("src", "cli"),
    ];
    const nodeImports = sourceFiles("src").filter((file) => /from\s+["']node:/.test(readFileSync(file, "utf8")));
    expect(nodeImports.every((file) => nodeOnly.some((folder) => file.startsWith(folder)))).toBe(true);
    // The entries users load in browsers never reach the servers (the command, Node-only, starts them for `mock`).
    const reachServers = sourceFiles("src").filter(
      (file) =>
        !file.startsWith(join("src", "testing", "servers")) &&
        !file.startsWith(join("src", "cli")) &&
        /from\s+["'][^"']*servers\//.test(readFileSync(file, "utf8")),
    );
    expect(reachServers).toEqual([]);
  });
});

describe("scripts/", () => {
  test("never imports from test/: tests use scripts (the shared servers among them), not the other way round", () => {
    const importers = sourceFiles("scripts").filter((file) =>
      /from\s+["'][^"']*\/test\//.test(readFileSync(file, "utf8")),
    );
    expect(importers).toEqual([]);
  });
});

describe("the package entry (src/index.ts)", () => {
  const program = ts.createProgram(["src/index.ts"], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile("src/index.ts")!)!);
  const target = (symbol: ts.Symbol) =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

  test("documents every export with TSDoc", () => {
    expect(exported.length).toBeGreaterThan(50);
    const undocumented = exported
      .filter((symbol) => ts.displayPartsToString(target(symbol).getDocumentationComment(checker)).trim() === "")
      .map((symbol) => symbol.name);
    expect(undocumented).toEqual([]);
  });

  test("uses every export in a README or guide example or a test", () => {
    const readme = ["README.md", ...readdirSync("src/guides").map((file) => join("src/guides", file))]
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    const tests = sourceFiles("test")
      .filter((file) => file.endsWith(".ts"))
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    const unused = exported
      .map((symbol) => symbol.name)
      .filter((name) => !new RegExp(`\\b${name}\\b`).test(readme) && !new RegExp(`\\b${name}\\b`).test(tests));
    expect(unused).toEqual([]);
  });
});

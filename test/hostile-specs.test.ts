// The generator on specs we did not write: random specs from a grammar that holds the hostile
// strings and shapes real and malicious specs carry (odd operationIds, text that closes comments
// or strings, `__proto__`, recursion, versions side by side), and the refusals that keep a spec
// from reading files, fetching URLs or running without end.
import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import fc from "fast-check";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildApi } from "../src/codegen/build-api.js";
import { literal, propertyKey, stringLiteral, comment, identifier, url } from "../src/codegen/emit.js";
import { generateModule, type GenerateModuleOptions } from "../src/codegen/generate-module.js";
import { canonicalize, type OpenApiDocument } from "../src/codegen/openapi-document.js";
import { isSpecError } from "../src/codegen/spec-error.js";
import { userModule } from "../src/codegen/user-module.js";
import { checkUsable } from "../src/codegen/validate-spec.js";
import { checkSyntax } from "../src/codegen/check-syntax.js";
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_DEPTH } from "../src/shared/document-bounds.js";
import { listen } from "../src/testing/servers/listen.js";

// Text that ends a comment, a string or a line (U+2028 ends a `//` comment), names what every
// object has, or is no identifier at all.
const HOSTILE = [
  "*/ globalThis.pwned = 1; /*",
  "\u2028globalThis.pwned = 1; //",
  "\n;globalThis.pwned = 1;\n",
  '"; globalThis.pwned = 1; "',
  "'`${globalThis.pwned = 1}`'",
  "\\",
  "__proto__",
  "constructor",
  "toString",
  "then",
  "deleteALexiconSlot-1_2_0",
  "a.b c",
  "Ünïcödé Tägs!",
  "日本語",
  "\u0000\u001b[31mred\u202e",
  "1st",
  "class",
  "",
];
const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }));
// Schema names: odd ones among them (OpenAPI allows letters, digits, `.`, `-` and `_`), each a
// component every spec declares.
const COMPONENTS = ["A", "B", "__proto__", "constructor", "toString", "x.y-z", "1_2"];
const refTo = (name: string) => ({ $ref: `#/components/schemas/${name.replaceAll("~", "~0").replaceAll("/", "~1")}` });

const { schema, object } = fc.letrec((tie) => ({
  schema: fc.oneof({ depthSize: "small" }, tie("leaf"), tie("object"), tie("array"), tie("ref")),
  leaf: fc.oneof(
    fc.constant({ type: "string" }),
    fc.constant({ type: "integer" }),
    fc.constant({ type: "boolean", nullable: true }),
    fc.record({
      type: fc.constant("string"),
      enum: fc.uniqueArray(text, { minLength: 1, maxLength: 3 }),
      description: text,
    }),
  ),
  object: fc.record({
    type: fc.constant("object"),
    description: text,
    properties: fc.dictionary(text, tie("schema"), { maxKeys: 3, noNullPrototype: true }),
  }),
  array: fc.record({ type: fc.constant("array"), items: tie("schema") }),
  ref: fc.constantFrom(...COMPONENTS).map(refTo),
}));

const segment = fc.oneof(
  fc.constantFrom(
    "aiagents",
    "flows",
    "{id}",
    "{flowId}",
    "v2.0",
    "v3.0",
    "v2.1",
    "beta",
    "management",
    "clone",
    "settings",
  ),
  text.map((t) => t.replace(/[/{}?#]/g, "")),
);
const operation = fc.record(
  {
    operationId: fc.oneof(text, fc.constantFrom("dup_2_0")),
    tags: fc.array(text, { maxLength: 2 }),
    summary: text,
    description: text,
    query: fc.uniqueArray(text, { maxLength: 2 }),
    body: schema,
  },
  { requiredKeys: ["body", "query"] },
);
const spec = fc
  .record({
    version: text,
    title: text,
    operations: fc.uniqueArray(
      fc.tuple(
        fc.constantFrom("get", "post", "patch", "delete"),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        operation,
      ),
      {
        minLength: 1,
        maxLength: 5,
        selector: ([method, segments]) => `${method} /${segments.join("/")}`,
      },
    ),
    // A component that is only a $ref to itself is refused (tested below); the rest recurse freely.
    components: fc.tuple(...COMPONENTS.map(() => object)),
  })
  .map(({ version, title, operations, components }) => {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const [method, segments, op] of operations) {
      const path = `/${segments.join("/")}`;
      const parameters = [
        ...[...new Set([...path.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]!))].map((name) => ({
          name,
          in: "path",
          required: true,
          schema: { type: "string" },
        })),
        ...op.query.map((name) => ({ name, in: "query", schema: { type: "string", enum: [name] } })),
      ];
      const { body, operationId, tags, summary, description } = op;
      paths[path] = {
        ...paths[path],
        [method]: {
          operationId,
          tags,
          summary,
          description,
          parameters,
          responses: { "200": { description: "ok", content: { "application/json": { schema: body } } } },
        },
      };
    }
    // As a server sends it: JSON, so `__proto__` is an own key like any other.
    return JSON.parse(
      JSON.stringify({
        openapi: "3.0.3",
        info: { title, version },
        paths,
        components: { schemas: Object.fromEntries(COMPONENTS.map((name, n) => [name, components[n]])) },
      }),
    ) as OpenApiDocument;
  });

// Expressions a generated module may hold at run time: literals and references, nothing that calls.
const INERT = new Set([
  ts.SyntaxKind.SourceFile,
  ts.SyntaxKind.VariableStatement,
  ts.SyntaxKind.VariableDeclarationList,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.ExportKeyword,
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.ObjectLiteralExpression,
  ts.SyntaxKind.ArrayLiteralExpression,
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.ComputedPropertyName,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.PrefixUnaryExpression,
  ts.SyntaxKind.EndOfFileToken,
]);
function runsNothing(code: string, kind: ts.ScriptKind): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (!INERT.has(node.kind)) found.push(`${ts.SyntaxKind[node.kind]}: ${node.getText().slice(0, 60)}`);
    ts.forEachChild(node, visit);
  };
  // TypeScript: types run nothing; only a value's initializer is looked into.
  for (const statement of ts.createSourceFile("api.ts", code, ts.ScriptTarget.ES2022, true, kind).statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) continue;
    if (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly) continue;
    if (ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations)
        visit(declaration.initializer ?? declaration.name);
    else found.push(`${ts.SyntaxKind[statement.kind]}: ${statement.getText().slice(0, 60)}`);
  }
  return found;
}
const parseErrors = (name: string, code: string) =>
  (
    ts.createSourceFile(
      name,
      code,
      ts.ScriptTarget.ES2022,
      true,
      /\.m?js$/.test(name) ? ts.ScriptKind.JS : ts.ScriptKind.TS,
    ) as unknown as { parseDiagnostics: ts.Diagnostic[] }
  ).parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));

let dir: string;
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), "cognigy-hostile-"))));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the generator on random hostile specs", () => {
  const typeChecked: Array<{ module: string; names: string[] }> = [];

  test("every spec generates a module that parses, runs nothing, keeps every operation and is the same twice; or is refused in one line", async () => {
    let generated = 0;
    await fc.assert(
      fc.asyncProperty(spec, async (document) => {
        let built: Awaited<ReturnType<typeof buildApi>>;
        try {
          built = await buildApi(canonicalize(checkUsable(document, "spec")), []);
        } catch (error) {
          // Two operations the naming rules give one name, or an example the validator refuses.
          if (process.env["HOSTILE_DEBUG"]) console.log((error as Error).message.slice(0, 400));
          expect(isSpecError(error), String((error as Error).stack)).toBe(true);
          expect((error as Error).message).not.toContain("\n");
          return;
        }
        generated++;
        const files = {
          ts: userModule(built, "ts", "spec"),
          esm: userModule(built, "esm", "spec"),
          cjs: userModule(built, "cjs", "spec"),
        };
        expect(parseErrors("api.ts", files.ts.module)).toEqual([]);
        expect(parseErrors("api.mjs", files.esm.module)).toEqual([]);
        expect(parseErrors("api.d.mts", files.esm.declarations!)).toEqual([]);
        expect(parseErrors("api.cjs", files.cjs.module)).toEqual([]);
        expect(runsNothing(files.esm.module, ts.ScriptKind.JS)).toEqual([]);
        expect(runsNothing(files.ts.module, ts.ScriptKind.TS)).toEqual([]);
        // Loaded in a context of its own: it defines `api` and nothing else, and calls nothing.
        const context = vm.createContext({ exports: {} });
        vm.runInContext(files.cjs.module, context);
        expect(Object.keys(context)).toEqual(["exports"]);
        const api = (context["exports"] as { api: { operations: object } }).api;
        expect(Object.keys(api.operations).sort()).toEqual(built.names.map((name) => name.operationId).sort());
        const again = await buildApi(canonicalize(checkUsable(structuredClone(document), "spec")), []);
        expect(userModule(again, "ts", "spec").module).toBe(files.ts.module);
        if (typeChecked.length < 6)
          typeChecked.push({
            module: files.ts.module,
            names: built.names.map((name) => `${name.namespace}.${name.method}`),
          });
      }),
      { numRuns: 60, seed: Number(process.env["HOSTILE_SEED"] ?? 20261205) },
    );
    // The grammar is meant to generate, not to be refused.
    expect(generated).toBeGreaterThan(30);
  }, 120_000);

  test("a consumer calling every operation of those modules by name type-checks", async () => {
    expect(typeChecked.length).toBeGreaterThan(0);
    const files: string[] = [];
    for (const [n, { module, names }] of typeChecked.entries()) {
      await writeFile(
        join(dir, `api${n}.ts`),
        module.replace('from "cognigy-openapi-client"', `from ${JSON.stringify(join(process.cwd(), "src/index.js"))}`),
      );
      const calls = names.map(
        (name) => `  { const call = client.${name}; void call(...([] as unknown as Parameters<typeof call>)); }`,
      );
      const consumer = [
        `import { createCognigyClient } from ${JSON.stringify(join(process.cwd(), "src/index.js"))};`,
        `import { api } from "./api${n}.js";`,
        'const client = createCognigyClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k", api });',
        "export function run(): void {",
        ...calls,
        "}",
        "",
      ];
      await writeFile(join(dir, `consumer${n}.ts`), consumer.join("\n"));
      files.push(join(dir, `consumer${n}.ts`));
    }
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName.startsWith(dir));
    expect(
      diagnostics.map(
        (d) => `${d.file?.fileName.slice(dir.length)}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      ),
    ).toEqual([]);
  }, 120_000);
});

describe("the emitter", () => {
  test("writes any text as a string literal, a key, an identifier, a comment or a URL that holds as code", () => {
    fc.assert(
      // The harness's own names ("s", "o", "T") among the texts: an identifier made of one must not clash with them.
      fc.property(fc.oneof(fc.constantFrom(...HOSTILE, "s", "o", "T"), fc.string({ unit: "binary" })), (value) => {
        const code = `const s = ${stringLiteral(value)};\nconst o = { ${propertyKey(value)}: 1 };\ntype T = { ${propertyKey(value)}: 1 };\n{\n  const ${identifier(value)} = 0;\n}\n/** ${comment(value)} */\n// ${comment(value)}\nexport { s, o };\n`;
        expect(parseErrors("x.ts", code)).toEqual([]);
        const context = vm.createContext({});
        vm.runInContext(code.replace(/^type .*$/m, "").replace(/^export .*$/m, ""), context);
        expect(vm.runInContext("s", context)).toBe(value);
        expect(Object.keys(vm.runInContext("o", context))).toEqual([value]);
        expect(Object.getPrototypeOf(vm.runInContext("o", context))).toBe(vm.runInContext("Object.prototype", context));
        expect(Object.keys(context)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(literal({ __proto__: null, a: [1, "b"] }, "")).toBe('{a:[1,"b"]}');
    expect(url("https://docs.example/a b*/{c}")).toBe("https://docs.example/a%20b%2A/%7Bc%7D");
    expect(url("javascript:alert(1)")).toBeUndefined();
  });
});

describe("what the generator refuses, in one line naming the place", () => {
  const options = (spec: string, out: string): GenerateModuleOptions => ({
    source: { kind: "file", path: spec },
    out,
    format: "ts",
    overlays: [],
    builtinOverlay: false,
    timeoutMs: 5_000,
    check: false,
    log: () => undefined,
  });
  const minimal = (schema: unknown) => ({
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: {
      "/v2.0/things": {
        get: {
          operationId: "listThings",
          responses: { "200": { description: "ok", content: { "application/json": { schema } } } },
        },
      },
    },
  });
  const refusal = async (spec: unknown, name = "spec.json") => {
    await writeFile(join(dir, name), typeof spec === "string" ? spec : JSON.stringify(spec));
    const out = join(dir, `${name}.ts`);
    const error = await generateModule(options(join(dir, name), out)).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    await expect(readFile(out, "utf8")).rejects.toThrow(/ENOENT/);
    return error;
  };

  test("a $ref to a file or URL is never read: not a local secret, not a loopback server", async () => {
    const secret = join(dir, "..", `secret-${process.pid}.json`);
    await writeFile(secret, JSON.stringify({ type: "string", description: "SECRET-CONTENT-4711" }));
    let hits = 0;
    const server = await listen(
      (_, response) =>
        void (
          hits++,
          response
            .writeHead(200, { "content-type": "application/json" })
            .end('{"type":"string","description":"FETCHED-4711"}')
        ),
    );
    try {
      for (const ref of [secret, `file://${secret}`, "../secret.json#/x", `${server.url}/schema.json`, "/etc/passwd"]) {
        const error = await refusal(minimal({ type: "object", properties: { leak: { $ref: ref } } }));
        expect(isSpecError(error)).toBe(true);
        expect(error!.message).toContain(
          "/paths/~1v2.0~1things/get/responses/200/content/application~1json/schema/properties/leak/$ref",
        );
        expect(error!.message).toContain(
          "points outside the document (a file or URL), which is never read: bundle the spec into one document first",
        );
        expect(error!.message).not.toMatch(/SECRET-CONTENT|FETCHED|\n/);
      }
      expect(hits).toBe(0);
    } finally {
      await server.close();
      await rm(secret, { force: true });
    }
  });

  test("recursive schemas generate recursive types; a $ref that is only itself is refused", async () => {
    const recursive = {
      ...minimal({ $ref: "#/components/schemas/Node" }),
      components: {
        schemas: {
          Node: {
            type: "object",
            properties: {
              children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
              other: { $ref: "#/components/schemas/Other" },
            },
          },
          Other: { type: "object", properties: { node: { $ref: "#/components/schemas/Node" } } },
        },
      },
    };
    const built = await buildApi(checkUsable(recursive, "spec"), []);
    expect(built.schemaTypes).toContain('children?: components["schemas"]["Node"][];');
    const loop = {
      ...minimal({ $ref: "#/components/schemas/A" }),
      components: { schemas: { A: { $ref: "#/components/schemas/B" }, B: { $ref: "#/components/schemas/A" } } },
    };
    expect((await refusal(loop))!.message).toMatch(
      /\/components\/schemas\/A\/\$ref: \$ref "#\/components\/schemas\/B" leads only to \$refs and back \(#\/components\/schemas\/B → #\/components\/schemas\/A → #\/components\/schemas\/B\)/,
    );
  });

  test(`nesting works to ${MAX_DOCUMENT_DEPTH} levels; deeper is refused with its pointer`, async () => {
    const nested = (levels: number) => {
      const root: Record<string, unknown> = { type: "object" };
      let at = root;
      for (let n = 0; n < levels; n++) at = (at["properties"] = { n: { type: "object" } }).n;
      return root;
    };
    // The schema starts 7 levels down (paths, path, method, responses, status, content, media type).
    const fits = await buildApi(checkUsable(minimal(nested((MAX_DOCUMENT_DEPTH - 8) / 2 - 1)), "spec"), []);
    expect(fits.schemaTypes).toContain("n?: {");
    const error = await refusal(minimal(nested(1_000)));
    expect(error!.message).toMatch(
      new RegExp(
        `spec\\.json: /paths/~1v2\\.0~1things/get/responses/200/content/application~1json/schema/properties/n/.*…: nests deeper than ${MAX_DOCUMENT_DEPTH} levels`,
      ),
    );
  });

  test(`a spec larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB is refused, from a file or a URL, without reading it whole`, async () => {
    const big = join(dir, "big.json");
    await writeFile(big, "");
    await truncate(big, MAX_DOCUMENT_BYTES + 1);
    const fromFile = await generateModule(options(big, join(dir, "big.ts"))).catch((error: unknown) => error as Error);
    expect(fromFile).toMatchObject({
      name: "SpecError",
      message: expect.stringMatching(
        /^cannot read .*big\.json: 100 MB is larger than 100 MB, the most this generator reads$/,
      ),
    });
    // A body without Content-Length: read until it passes the limit, then cancelled.
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => void ((sent += chunk.byteLength), controller.enqueue(chunk)),
    });
    const fetch = (() =>
      Promise.resolve(
        new Response(body, { headers: { "content-type": "application/json" } }),
      )) as typeof globalThis.fetch;
    const fromUrl = await generateModule({
      ...options("", join(dir, "big-url.ts")),
      source: { kind: "url", url: "https://cognigy.example/openapi/openapi-viewer.json" },
      fetch,
    }).catch((error: unknown) => error as Error);
    expect(fromUrl).toMatchObject({
      name: "SpecError",
      message:
        "GET https://cognigy.example/openapi/openapi-viewer.json: the body is larger than 100 MB, the most this generator reads",
    });
    expect(sent).toBeLessThan(MAX_DOCUMENT_BYTES + 4 * chunk.byteLength);
  });

  test("a YAML alias bomb is refused at once", async () => {
    const lines = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 9 },
        (_, n) =>
          `${String.fromCharCode(98 + n)}: &${String.fromCharCode(98 + n)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + n)}`)
            .join(", ")}]`,
      ),
      "openapi: 3.0.3",
    ];
    const started = Date.now();
    const error = await refusal(lines.join("\n"), "bomb.yaml");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error!.message).toMatch(
      /bomb\.yaml: not valid YAML \(Excessive alias count indicates a resource exhaustion attack\)$/,
    );
  });

  test("the generated code is parsed before it is written: a module that does not parse is a bug, said so", () => {
    expect(() => checkSyntax("api.ts", "export const api = { a: 1 };\n")).not.toThrow();
    expect(() => checkSyntax("api.d.mts", "export declare const api: {};\n")).not.toThrow();
    expect(() => checkSyntax("api.ts", "export interface Routes { deleteALexiconSlot-1: X; }\n")).toThrow(
      /^a bug of the generator: the code written for api\.ts does not parse \(line 1: .*\); please report it with the spec$/,
    );
  });
});

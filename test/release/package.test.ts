import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { installedSizes } from "../../scripts/lib/installed-size.js";
import { listen } from "../../src/testing/servers/listen.js";
import { idOf, startListServer } from "../../src/testing/servers/list-server.js";
import { packageBytes, startCognigyFake } from "../../scripts/servers/cognigy-fake.js";
import { newerSpec } from "../support/custom-spec.js";

// The package as users get it: `npm pack`, installed from the tarball into a fresh consumer
// project, then used from ESM, from CommonJS, and type-checked from TypeScript with
// moduleResolution node16 and bundler, each making typed calls against Prism.
const run = promisify(execFile);
const root = resolve(".");
let consumer: string;

beforeAll(async () => {
  consumer = await mkdtemp(join(tmpdir(), "cognigy-consumer-"));
  await run("npm", ["pack", "--pack-destination", consumer], { cwd: root });
  const tarball = (await readdir(consumer)).find((file) => file.endsWith(".tgz"))!;
  await writeFile(
    join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }),
  );
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", join(consumer, tarball)],
    { cwd: consumer },
  );
});
afterAll(() => rm(consumer, { recursive: true, force: true }));

// A process's exit code and output, whether it succeeded or not.
const exited = (running: Promise<{ stdout: string; stderr: string }>) =>
  running.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );

const agentCall = `client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } } })`;

async function node(file: string, source: string): Promise<unknown> {
  await writeFile(join(consumer, file), source);
  const { stdout } = await run(process.execPath, [file], {
    cwd: consumer,
    env: { ...process.env, PRISM_URL: inject("prismUrl") },
  });
  return JSON.parse(stdout);
}

describe("the packed package", () => {
  test("ships only dist, the README and the guides it links to, CHANGELOG and package.json", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json"], { cwd: root });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path).sort();
    // The entries (the client and its test kit), their declarations, and chunks named with a content hash: the request pipeline and
    // the operation table (loaded by the first call), the XML shapes (loaded by XML), OAuth2's token
    // requests (loaded by the first token), and what the bundler shares between them and the entry.
    const chunk = /^dist\/([a-z0-9-]+)-[\w-]{8}\.(c?js(\.map)?|d\.c?ts)$/;
    const entries = ["index", "node", "resumable", "testing", "testing/servers"].flatMap((entry) => [
      `dist/${entry}.cjs`,
      `dist/${entry}.cjs.map`,
      `dist/${entry}.d.cts`,
      `dist/${entry}.d.ts`,
      `dist/${entry}.js`,
      `dist/${entry}.js.map`,
    ]);
    // The generate command (dist/cli.js, ESM only) and the overlay it applies to users' specs.
    const command = ["dist/cli.js", "dist/cli.js.map", "openapi/overlay.yaml"];
    // The guides and the migration table, which the README links to (npm adds the README of generated/).
    const documents = [
      ...(await readdir(join(root, "src/guides"))).map((file) => `src/guides/${file}`),
      "generated/migration.md",
      "generated/README.md",
    ];
    expect(files.filter((file) => !chunk.test(file))).toEqual(
      ["CHANGELOG.md", "README.md", ...[...entries, ...command, ...documents].sort(), "package.json"].sort(),
    );
    const chunks = new Set(files.filter((file) => chunk.test(file)).map((file) => chunk.exec(file)![1]));
    for (const name of [
      "call",
      "operations",
      "xml-shapes",
      "fingerprints",
      "check-server-version",
      "generate-module",
      "oauth2-tokens",
    ])
      expect(chunks).toContain(name);
  });

  test("installs at most 3 MB of runtime dependencies besides itself, and none of the generator's", async () => {
    const sizes = await installedSizes(join(consumer, "node_modules"));
    const own = sizes.get("cognigy-openapi-client")!;
    const dependencies = [...sizes]
      .filter(([name]) => name !== "cognigy-openapi-client")
      .reduce((sum, [, bytes]) => sum + bytes, 0);
    expect(own).toBeGreaterThan(0);
    expect(dependencies).toBeLessThanOrEqual(3 * 1024 * 1024);
    for (const generator of [
      "openapi-typescript",
      "typescript",
      "yaml",
      "openapi-format",
      "@readme/openapi-parser",
      "@stoplight/prism-core",
      "tus-js-client",
    ])
      expect(sizes.has(generator)).toBe(false);
  });

  test("works from an ES module", async () => {
    const result = await node(
      "esm.mjs",
      `import { createCognigyClient, SPEC_VERSION } from "cognigy-openapi-client";
const client = createCognigyClient({ baseUrl: process.env.PRISM_URL, apiKey: "k" });
const { data } = await ${agentCall};
const csv = await client.GET("/v2.0/largelanguagemodels", { accept: "csv" });
console.log(JSON.stringify({ name: data.name, csv: csv.data[0].name, SPEC_VERSION }));`,
    );
    expect(result).toEqual({ name: "Cognigy AI Agent", csv: "Example", SPEC_VERSION: "2026.10.1" });
  });

  test("works from CommonJS, lazy parsers and OAuth2 included", async () => {
    const result = await node(
      "cjs.cjs",
      `const { createCognigyClient, createAuthorizationRequest } = require("cognigy-openapi-client");
(async () => {
  const client = createCognigyClient({ baseUrl: process.env.PRISM_URL, apiKey: "k" });
  const { data } = await ${agentCall};
  const xml = await client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } }, accept: "xml" });
  const flow = await createAuthorizationRequest({ baseUrl: "https://api-app.cognigy.ai", clientId: "c", redirectUri: "https://app.example/cb" });
  console.log(JSON.stringify({ name: data.name, xml: xml.data.xml.name, pkce: new URL(flow.url).searchParams.get("code_challenge_method") }));
})();`,
    );
    expect(result).toEqual({ name: "Cognigy AI Agent", xml: "Cognigy AI Agent", pkce: "S256" });
  });

  test("its test kit tests a user's function with Node's own test runner, against typed handlers", async () => {
    await writeFile(
      join(consumer, "kit.test.mjs"),
      `import { test } from "node:test";
import assert from "node:assert/strict";
import { createCognigyClient } from "cognigy-openapi-client";
import { mockFetch } from "cognigy-openapi-client/testing";

// The user's own code: a function built on the client.
async function agentName(client, aiAgentId) {
  const { data, error } = await client.aiAgents.get({ params: { path: { aiAgentId } } });
  return error ? "unknown" : data.name;
}

test("names the agent, or says it is unknown", async () => {
  const fetch = mockFetch({
    "GET /v2.0/aiagents/{aiAgentId}": ({ params }) => (params.aiAgentId === "5ce7c2d833ea1e04d7e6c432" ? { body: { name: "Support agent" } } : { status: 404 }),
  });
  const client = createCognigyClient({ baseUrl: "https://api.example.net/new", apiKey: "test", fetch, retry: { maxRetries: 0 } });
  assert.equal(await agentName(client, "5ce7c2d833ea1e04d7e6c432"), "Support agent");
  assert.equal(await agentName(client, "000000000000000000000000"), "unknown");
  assert.equal(fetch.calls.length, 2);
});
`,
    );
    const { stdout } = await run(process.execPath, ["--test", "kit.test.mjs"], { cwd: consumer });
    expect(stdout).toMatch(/# pass 1\n# fail 0/);
  });

  test("its test servers name the Prism packages while they are missing, then test a user's function against the in-process Prism mock", async () => {
    // Installing the client installs no Prism: startPrismMock() says what to install, from ESM and CommonJS.
    const missing =
      "startPrismMock() needs @stoplight/prism-core, @stoplight/prism-http, @stoplight/prism-http-server, optional dependencies that are not installed: npm install --save-dev @stoplight/prism-core@5.8.0 @stoplight/prism-http@5.12.0 @stoplight/prism-http-server@5.12.2";
    expect(
      await node(
        "missing.mjs",
        `import { startPrismMock } from "cognigy-openapi-client/testing/servers";
await startPrismMock().catch((error) => console.log(JSON.stringify({ name: error.name, message: error.message, packages: error.packages })));`,
      ),
    ).toEqual({ name: "CognigyMissingDependencyError", message: missing, packages: expect.any(Array) });
    expect(
      await node(
        "missing.cjs",
        `const { startPrismMock, PRISM_PACKAGES } = require("cognigy-openapi-client/testing/servers");
startPrismMock().catch((error) => console.log(JSON.stringify({ name: error.name, message: error.message, packages: PRISM_PACKAGES })));`,
      ),
    ).toEqual({
      name: "CognigyMissingDependencyError",
      message: missing,
      packages: ["@stoplight/prism-core@5.8.0", "@stoplight/prism-http@5.12.0", "@stoplight/prism-http-server@5.12.2"],
    });

    // The documented install, then the user's test against the mock of the bundled spec and a list server.
    await run(
      "npm",
      [
        "install",
        "--save-dev",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--ignore-scripts",
        "@stoplight/prism-core@5.8.0",
        "@stoplight/prism-http@5.12.0",
        "@stoplight/prism-http-server@5.12.2",
      ],
      { cwd: consumer },
    );
    await writeFile(
      join(consumer, "servers.test.mjs"),
      `import { test } from "node:test";
import assert from "node:assert/strict";
import { createCognigyClient, paginate } from "cognigy-openapi-client";
import { startListServer, startPrismMock } from "cognigy-openapi-client/testing/servers";

// The user's own code.
async function agentName(client, aiAgentId) {
  const { data, error } = await client.aiAgents.get({ params: { path: { aiAgentId } } });
  return error ? \`error \${error.status}\` : data.name;
}
async function countModels(client) {
  let count = 0;
  for await (const _ of paginate(client, client.largeLanguageModels.list)) count++;
  return count;
}

test("reads the agent from the Prism mock; the mock checks the credential", async () => {
  const prism = await startPrismMock();
  try {
    assert.match(prism.url, /^http:\\/\\/127\\.0\\.0\\.1:\\d+$/);
    assert.equal(await agentName(createCognigyClient({ baseUrl: prism.url, apiKey: "test" }), "5ce7c2d833ea1e04d7e6c432"), "Cognigy AI Agent");
    assert.equal(await agentName(createCognigyClient({ baseUrl: prism.url, auth: "none", retry: { maxRetries: 0 } }), "5ce7c2d833ea1e04d7e6c432"), "error 401");
  } finally {
    await prism.close();
  }
});

test("counts every model of a paged list", async () => {
  const list = await startListServer({ paging: "offset", count: 130 });
  try {
    assert.equal(await countModels(createCognigyClient({ baseUrl: list.url, apiKey: "test" })), 130);
  } finally {
    await list.close();
  }
});
`,
    );
    // On failure the runner's report is the assertion's message.
    const { stdout } = await run(process.execPath, ["--test", "servers.test.mjs"], { cwd: consumer }).catch(
      (error: { stdout: string }) => error,
    );
    expect(stdout).toMatch(/# pass 2\n# fail 0/);
  });

  test.each([
    ["node16", { module: "node16", moduleResolution: "node16" }],
    ["bundler", { module: "preserve", moduleResolution: "bundler" }],
  ])("type-checks for TypeScript with moduleResolution %s", async (name, options) => {
    await writeFile(
      join(consumer, `typed-${name}.mts`),
      `import { createCognigyClient, paginate, type ListItem } from "cognigy-openapi-client";
const client = createCognigyClient({ environment: "app", apiKey: "k" });
export async function read(): Promise<string | undefined> {
  const { data } = await ${agentCall};
  const agentName: string | undefined = data?.name;
  // @ts-expect-error -- not a route of the spec
  await client.GET("/v2.0/not-a-route");
  // @ts-expect-error -- aiAgentId is required
  await client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: {} } });
  for await (const llm of paginate(client, "/v2.0/largelanguagemodels")) {
    const provider: ListItem<"/v2.0/largelanguagemodels">["provider"] = llm.provider;
    return provider;
  }
  return agentName;
}
`,
    );
    await writeFile(
      join(consumer, `tsconfig.${name}.json`),
      JSON.stringify({
        compilerOptions: {
          ...options,
          target: "es2022",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
          lib: ["es2022", "dom"],
        },
        files: [`typed-${name}.mts`],
      }),
    );
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    await expect(run(process.execPath, [tsc, "-p", `tsconfig.${name}.json`], { cwd: consumer })).resolves.toBeDefined();
  });
});

test("every link of the packed README and guides resolves where it is read: a shipped file, a heading in it, or https", async () => {
  const { stdout } = await run("npm", ["pack", "--dry-run", "--json"], { cwd: root });
  const shipped = new Set(
    (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path),
  );
  // GitHub's (and TypeDoc's) heading anchors: lower case, punctuation dropped, spaces as hyphens.
  const anchors = (markdown: string) =>
    new Set(
      [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
        m[1]!
          .toLowerCase()
          .replace(/[^\w\s-]/g, "")
          .replace(/\s/g, "-"),
      ),
    );
  const broken: string[] = [];
  for (const file of [...shipped].filter((path) => path.endsWith(".md"))) {
    const text = await readFile(join(root, file), "utf8");
    for (const [, target] of text.replace(/```[\s\S]*?```/g, "").matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^https:\/\//.test(target!)) continue;
      if (/^[a-z]+:/.test(target!)) {
        broken.push(`${file}: ${target} (only https links)`);
        continue;
      }
      const [path, anchor] = target!.split("#") as [string, string | undefined];
      const resolved = path === "" ? file : join(file, "..", path);
      if (!shipped.has(resolved)) {
        broken.push(`${file}: ${target} (${resolved} is not in the package)`);
        continue;
      }
      if (anchor && !anchors(await readFile(join(root, resolved), "utf8")).has(anchor))
        broken.push(`${file}: ${target} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
  // No address the project does not have yet.
  const readme = await readFile(join(root, "README.md"), "utf8");
  expect(readme).not.toMatch(/GitHub Pages|CONTRIBUTING\.md\]|BENCHMARKS\.md/);
});

describe("the generate command from the packed package", () => {
  const spec = () => JSON.stringify(newerSpec());
  const command = (args: string[], env: Record<string, string> = {}) =>
    exited(
      run("npx", ["--no-install", "cognigy-openapi-client", "generate", ...args], {
        cwd: consumer,
        env: { ...process.env, ...env },
      }),
    );

  test("names the generator's packages while they are missing, with the install line the README gives", async () => {
    await writeFile(join(consumer, "spec.json"), spec());
    const missing = await command(["--file", "spec.json", "--out", "src/cognigy-api.ts"]);
    expect(missing.code).toBe(1);
    const line =
      "npm install --save-dev openapi-typescript@7.13.0 typescript@5.9.3 yaml@2.9.1 openapi-format@1.33.6 @readme/openapi-parser@9.0.0";
    expect(missing.stderr.trim()).toBe(
      `cognigy-openapi-client generate failed: cognigy-openapi-client generate needs openapi-typescript, typescript, yaml, openapi-format, @readme/openapi-parser, optional dependencies that are not installed: ${line}`,
    );
    expect(await readFile(join(root, "README.md"), "utf8")).toContain(line);
    await run("npm", [...line.split(" ").slice(1), "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], {
      cwd: consumer,
    });
  });

  test("generates from a server's spec and from a file: TypeScript, ES module and CommonJS", async () => {
    const seen: Array<string | undefined> = [];
    const server = await listen((request, response) => {
      seen.push(request.headers["x-api-key"] as string | undefined);
      response.writeHead(200, { "content-type": "application/json" }).end(spec());
    });
    try {
      const fromUrl = await command(
        ["--url", `${server.url}/openapi/openapi-viewer.json`, "--out", "src/cognigy-api.ts"],
        { COGNIGY_API_KEY: "consumer-key" },
      );
      expect(fromUrl.stdout.trim()).toMatch(
        /^wrote src\/cognigy-api\.ts \(3 operations, Cognigy\.AI 2026\.12\.0, \d+ kB\)$/,
      );
      expect(fromUrl.stderr + fromUrl.stdout).not.toContain("consumer-key");
      expect(seen).toEqual(["consumer-key"]);
    } finally {
      await server.close();
    }
    expect((await command(["--file", "spec.json", "--out", "api.mjs"])).code).toBe(0);
    expect((await command(["--file", "spec.json", "--out", "api.cjs"])).code).toBe(0);
  });

  // What each consumer prints: the module's version, a named call of both specs against Prism, and
  // the module's own operation checked before sending.
  const use = `const client = createCognigyClient({ baseUrl: process.env.PRISM_URL, apiKey: "k", api });
  const { data } = await client.aiAgents.get({ params: { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } } });
  const refused = await client.widgets.list({ params: { query: { limit: 500 } } }).catch((error) => error.name);
  console.log(JSON.stringify({ version: api.version, name: data.name, refused }));`;
  const expected = { version: "2026.12.0", name: "Cognigy AI Agent", refused: "CognigyValidationError" };

  test("an ES module and a CommonJS program use the generated JavaScript", async () => {
    expect(
      await node(
        "use-api.mjs",
        `import { createCognigyClient } from "cognigy-openapi-client";\nimport { api } from "./api.mjs";\n${use}`,
      ),
    ).toEqual(expected);
    expect(
      await node(
        "use-api.cjs",
        `const { createCognigyClient } = require("cognigy-openapi-client");\nconst { api } = require("./api.cjs");\n(async () => {\n${use}\n})();`,
      ),
    ).toEqual(expected);
  });

  test("a TypeScript program is typed from the generated module, compiles and runs; a wrong call fails to compile", async () => {
    const tsc = join(consumer, "node_modules/typescript/bin/tsc");
    await writeFile(
      join(consumer, "src/use.ts"),
      `import { createCognigyClient, paginate } from "cognigy-openapi-client";
import { api } from "./cognigy-api.js";
declare const process: { env: Record<string, string | undefined> };
async function main(): Promise<void> {
  ${use.replaceAll("(error)", "(error: Error)").replace("process.env.PRISM_URL", "process.env.PRISM_URL!").replace("data.name", "data?.name")}
  for await (const widget of paginate(client, client.widgets.list, { maxItems: 0 })) { const name: string | undefined = widget.name; void name; }
  // @ts-expect-error -- not a route of this version
  await client.GET("/v2.0/not-a-route");
}
void main();
`,
    );
    const config = {
      compilerOptions: {
        module: "node16",
        moduleResolution: "node16",
        target: "es2022",
        strict: true,
        skipLibCheck: false,
        types: [],
        lib: ["es2022", "dom"],
        outDir: "build",
        rootDir: "src",
      },
    };
    await writeFile(join(consumer, "tsconfig.api.json"), JSON.stringify({ ...config, files: ["src/use.ts"] }));
    // On failure, tsc's diagnostics are the message.
    await run(process.execPath, [tsc, "-p", "tsconfig.api.json"], { cwd: consumer }).catch(
      (error: { stdout: string }) => {
        throw new Error(error.stdout);
      },
    );
    const { stdout } = await run(process.execPath, ["build/use.js"], {
      cwd: consumer,
      env: { ...process.env, PRISM_URL: inject("prismUrl") },
    });
    expect(JSON.parse(stdout)).toEqual(expected);

    await writeFile(
      join(consumer, "src/wrong.ts"),
      `import { createCognigyClient } from "cognigy-openapi-client";\nimport { api } from "./cognigy-api.js";\nvoid createCognigyClient({ environment: "app", apiKey: "k", api }).widgets.list({ params: { query: { limit: "ten" } } });\n`,
    );
    await writeFile(
      join(consumer, "tsconfig.wrong.json"),
      JSON.stringify({ compilerOptions: { ...config.compilerOptions, noEmit: true }, files: ["src/wrong.ts"] }),
    );
    const failed = await run(process.execPath, [tsc, "-p", "tsconfig.wrong.json"], { cwd: consumer }).then(
      () => undefined,
      (error: { stdout: string }) => error.stdout,
    );
    expect(failed).toMatch(/src\/wrong\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });
});

describe("the API from the shell: the packed command as a process", () => {
  // Against the list server (1,234 items), the fake Cognigy and Prism, all on 127.0.0.1; every line
  // the command prints is kept for the secrets scan at the end.
  const KEY = "shell-key-0123456789abcdef";
  const printed: string[] = [];
  let list: Awaited<ReturnType<typeof startListServer>>;
  let fake: Awaited<ReturnType<typeof startCognigyFake>>;
  beforeAll(async () => {
    [list, fake] = await Promise.all([
      startListServer({ paging: "cursor", count: 1_234 }),
      startCognigyFake({ apiKey: KEY, stepMs: 5, packageBytes: 200_000 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([list.close(), fake.close()]);
  });
  const shell = async (args: string[], baseUrl: string) => {
    const env = { ...process.env, COGNIGY_BASE_URL: baseUrl, COGNIGY_API_KEY: KEY };
    const result = await exited(
      run(process.execPath, [join(consumer, "node_modules/.bin/cognigy-openapi-client"), ...args], {
        cwd: consumer,
        env,
        maxBuffer: 64 * 2 ** 20,
      }),
    );
    printed.push(result.stdout, result.stderr);
    return result;
  };

  test("a named call and a raw api call against Prism, JSON on stdout", async () => {
    const named = await shell(["call", "aiAgents.get", "-p", "aiAgentId=5ce7c2d833ea1e04d7e6c432"], inject("prismUrl"));
    expect(named).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(named.stdout)).toMatchObject({ _id: expect.any(String) });
    const raw = await shell(["api", "GET", "/v2.0/aiagents/5ce7c2d833ea1e04d7e6c432"], inject("prismUrl"));
    expect(JSON.parse(raw.stdout)).toMatchObject({ _id: expect.any(String) });
  });

  test("--paginate prints 1,234 items in order, one JSON line each; --accept csv streams the body", async () => {
    const { code, stdout } = await shell(["call", "largeLanguageModels.list", "--paginate"], list.url);
    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split("\n")
        .map((line) => (JSON.parse(line) as { _id: string })._id),
    ).toEqual(Array.from({ length: 1_234 }, (_, n) => idOf(n)));
    const csv = await shell(["call", "largeLanguageModels.list", "--accept", "csv"], inject("prismUrl"));
    expect(csv.stdout).toMatch(/^_id,name,/);
  });

  test("--output downloads a packaged snapshot through its link, with progress on stderr", async () => {
    const created = await shell(
      ["api", "POST", "/v2.0/snapshots", "-d", '{"name":"shell","projectId":"5ce7c2d833ea1e04d7e6c432"}'],
      fake.url,
    );
    const taskId = (JSON.parse(created.stdout) as { _id: string })._id;
    while (fake.tasks.get(taskId)!.status !== "done") await new Promise((resolve) => setTimeout(resolve, 20));
    const { items } = JSON.parse((await shell(["api", "GET", "/v2.0/snapshots"], fake.url)).stdout) as {
      items: Array<{ _id: string }>;
    };
    const id = items[0]!._id;
    await shell(["api", "POST", `/v2.0/snapshots/${id}/package`, "-d", "{}"], fake.url);
    while ([...fake.tasks.values()].some((task) => task.status !== "done"))
      await new Promise((resolve) => setTimeout(resolve, 20));
    const { code, stderr } = await shell(
      ["api", "POST", `/v2.0/snapshots/${id}/downloadlink`, "-d", "{}", "-o", "shell.csnap"],
      fake.url,
    );
    expect(code).toBe(0);
    expect(stderr.trim().split("\n").at(-1)).toBe(
      "cognigy-openapi-client: wrote shell.csnap (200,000 bytes, application/octet-stream)",
    );
    expect((await readFile(join(consumer, "shell.csnap"))).equals(packageBytes(`shell/${id}`, 200_000))).toBe(true);
  });

  test("a user's generated module through --api: its operations listed, its names called and checked", async () => {
    const { stdout } = await shell(["operations", "--api", "api.mjs", "--search", "widgets"], list.url);
    expect(stdout).toBe(
      "widgets.list\tGET\t/v2.0/widgets\tGet widgets\thttps://docs.cognigy.com/api-reference/widgets/get-widgets\n",
    );
    const items = await shell(["call", "widgets.list", "--api", "api.mjs", "--paginate"], list.url);
    expect(items.stdout.trimEnd().split("\n")).toHaveLength(1_234);
    const refused = await shell(["call", "widgets.list", "--api", "api.mjs", "-q", "limit=500"], list.url);
    expect(refused.code).toBe(2);
  });

  test("exit codes: 1 with the problem as JSON on stderr for API and network errors, 2 with one line for the command line's mistakes", async () => {
    const notFound = await shell(["api", "GET", "/v2.0/snapshots/000000000000000000000999/nothing"], fake.url);
    expect(notFound.code).toBe(1);
    expect(JSON.parse(notFound.stderr)).toMatchObject({ error: "CognigyNotFoundError", status: 404 });
    const closed = await listen(() => undefined);
    await closed.close();
    const refusedConnection = await shell(["call", "largeLanguageModels.list"], closed.url);
    expect(refusedConnection.code).toBe(1);
    expect(JSON.parse(refusedConnection.stderr.trim().split("\n").at(-1)!)).toMatchObject({
      error: "CognigyConnectionError",
    });
    for (const args of [
      ["call", "nope.nothing"],
      ["call", "largeLanguageModels.list", "-q", "limit=0"],
      ["api", "FETCH", "/x"],
      ["frobnicate"],
      ["call", "largeLanguageModels.list", "--frobnicate"],
    ]) {
      const usage = await shell(args, list.url);
      expect({ args, code: usage.code, stdout: usage.stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(usage.stderr.trim().split("\n")).toEqual([
        expect.stringMatching(/^cognigy-openapi-client( \w+)? failed: /),
        expect.stringMatching(/^see: cognigy-openapi-client/),
      ]);
    }
    const bare = await shell([], list.url);
    expect(bare.code).toBe(2);
  });

  test("mock: starts Prism of the bundled spec on 127.0.0.1, prints its export line, answers calls, and stops on SIGINT", async () => {
    const child = spawn(process.execPath, [join(consumer, "node_modules/.bin/cognigy-openapi-client"), "mock"], {
      cwd: consumer,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
      child.once("exit", (code) => reject(new Error(`mock exited (${code}) before printing`)));
    });
    expect(line).toMatch(/^export COGNIGY_BASE_URL=http:\/\/127\.0\.0\.1:\d+ COGNIGY_API_KEY=mock-key$/);
    const url = /COGNIGY_BASE_URL=(\S+)/.exec(line)![1]!;
    const named = await shell(["call", "aiAgents.get", "-p", "aiAgentId=5ce7c2d833ea1e04d7e6c432"], url);
    expect(JSON.parse(named.stdout)).toMatchObject({ name: "Cognigy AI Agent" });
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  test("--dry-run prints the request, key redacted; no line printed anywhere carries the key", async () => {
    const before = list.requests();
    const dry = await shell(["call", "largeLanguageModels.list", "-q", "limit=2", "--dry-run", "--verbose"], list.url);
    expect(JSON.parse(dry.stdout)).toMatchObject({ method: "GET", headers: { "x-api-key": "[redacted]" } });
    expect(list.requests()).toBe(before);
    await shell(["call", "largeLanguageModels.list", "-q", "limit=2", "--verbose"], list.url);
    expect(printed.join("\n")).not.toContain(KEY);
  });
});

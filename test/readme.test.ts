import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { join, resolve } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, inject, test, vi } from "vitest";
import { startListServer } from "../src/testing/servers/list-server.js";
import { startOAuthServer } from "../scripts/servers/oauth-server.js";
import { startCognigyFake } from "../scripts/servers/cognigy-fake.js";
import { main as cognigyCommand } from "../src/cli/index.js";
import { memoryIo } from "./support/command-io.js";

// Every ```ts block of the README is a real program: it is type-checked with the project's
// compiler options and run against Prism, so the front door cannot drift from the code.
// A `console.log(...) // text` line also asserts that the logged line contains `text`.
const readme = await readFile("README.md", "utf8");
// ```ts blocks run; ```ts no-run blocks (a browser sign-in, say) are only type-checked.
const examples = [...readme.matchAll(/```ts( no-run)?\n([\s\S]*?)```/g)].map((match, index) => ({ index: index + 1, run: !match[1], code: match[2] ?? "" }));
const dir = resolve(`.tmp-readme-${process.pid}`);
const fileOf = (index: number) => join(dir, `example-${index}.ts`);

// OAuth2 examples need a token endpoint, which Prism does not serve: the test OAuth server plays Cognigy for them.
const oauthClient = { clientId: "readme-client", clientSecret: "readme-secret", username: "u", password: "p" };
let oauthServer: Awaited<ReturnType<typeof startOAuthServer>>;
// Prism's mock answers every page with the same cursor; pagination examples page a 250-item fake list.
let listServer: Awaited<ReturnType<typeof startListServer>>;
// The snapshot recipe moves a snapshot between two environments: two fakes of Cognigy's long-running
// routes. A third serves the version check its spec.
const fakes: Array<Awaited<ReturnType<typeof startCognigyFake>>> = [];

beforeAll(async () => {
  oauthServer = await startOAuthServer(oauthClient);
  listServer = await startListServer({ paging: "cursor", count: 250 });
  fakes.push(await startCognigyFake({ apiKey: "source-key" }), await startCognigyFake({ apiKey: "target-key" }), await startCognigyFake({ apiKey: "readme-example-key" }));
  await mkdir(dir, { recursive: true });
  // The module `./cognigy-api.js` the examples import, written by the generate command from the committed spec.
  const { io: quiet } = memoryIo();
  expect(await cognigyCommand(["generate", "--file", "openapi/cognigy.openapi.json", "--out", join(dir, "cognigy-api.ts")], quiet)).toBe(0);
  const module = await readFile(join(dir, "cognigy-api.ts"), "utf8");
  await writeFile(join(dir, "cognigy-api.ts"), module.replace('from "cognigy-openapi-client"', 'from "../src/index.js"'));
  for (const { index, code } of examples) {
    const local = code.replaceAll('from "cognigy-openapi-client"', 'from "../src/index.js"').replaceAll('from "cognigy-openapi-client/testing"', 'from "../src/testing/index.js"').replaceAll('from "cognigy-openapi-client/testing/servers"', 'from "../src/testing/servers/index.js"').replaceAll('from "cognigy-openapi-client/node"', 'from "../src/node/index.js"');
    await writeFile(fileOf(index), `${local}\nexport {};\n`);
  }
});
afterAll(async () => {
  await oauthServer.close();
  await listServer.close();
  await Promise.all(fakes.map((fake) => fake.close()));
  await rm(dir, { recursive: true, force: true });
});

describe("README examples", () => {
  test("there are examples to check", () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  test("type-check with the project's settings", () => {
    const config = ts.getParsedCommandLineOfConfigFile("tsconfig.json", {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    const program = ts.createProgram(examples.map((e) => fileOf(e.index)), { ...config!.options, noEmit: true });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  });

  test.each(examples.filter((example) => example.run))("example $index runs against a local Cognigy and logs what its comments say", async ({ index, code }) => {
    const server = code.includes("oauth2Auth(") ? oauthServer.url : /\b(paginate|pages)\(/.test(code) ? listServer.url : code.includes("checkServerVersion(") ? fakes[2]!.url : inject("prismUrl");
    vi.stubEnv("COGNIGY_BASE_URL", server);
    vi.stubEnv("COGNIGY_API_KEY", "readme-example-key");
    vi.stubEnv("COGNIGY_CLIENT_ID", oauthClient.clientId);
    vi.stubEnv("COGNIGY_CLIENT_SECRET", oauthClient.clientSecret);
    for (const [role, fake] of [["SOURCE", fakes[0]!], ["TARGET", fakes[1]!]] as const) {
      vi.stubEnv(`COGNIGY_${role}_URL`, fake.url);
      vi.stubEnv(`COGNIGY_${role}_KEY`, `${role.toLowerCase()}-key`);
    }
    const logged: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    try {
      await import(fileOf(index));
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(logged.length).toBeGreaterThan(0);
    for (const [, expected] of code.matchAll(/console\.log\(.*\/\/ (.+)$/gm)) {
      expect(logged).toEqual(expect.arrayContaining([expect.stringContaining(expected!.trim())]));
    }
  });

  test("npm run example:move-snapshot runs the README's snapshot recipe against two fakes, with progress", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/dev/move-snapshot.ts"]);
    expect(stdout).toMatch(/^create: queued 0\/3$/m);
    expect(stdout).toMatch(/^download: \d+ bytes$/m);
    expect(stdout).toMatch(/^restore: done 3\/3\nmoved release-\d+ \(\d+ bytes\) and restored it$/m);
  });
});

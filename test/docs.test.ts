import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { join, resolve } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { startCognigyFake } from "../scripts/servers/cognigy-fake.js";
import { main as cognigyCommand } from "../src/cli/index.js";
import { startMock } from "../src/cli/mock.js";
import { memoryIo } from "./support/command-io.js";

// Every ```ts block of the README and the guides is a real program: type-checked with the project's
// compiler options, and run against the server its first line names, started as the text says
// (`npx cognigy-openapi-client mock …`: the command's own code) with the environment the command
// prints. Nothing else is switched behind the example's back. A `console.log(...) // text` line also
// asserts that the logged line contains `text`.
const GUIDES = "src/guides";
const documents = [
  "README.md",
  ...(await readdir(GUIDES))
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => join(GUIDES, file)),
];
const TRY_IT = /^\/\/ Try it against: (.+)\n/;
const examples = (
  await Promise.all(
    documents.map(async (document) =>
      [...(await readFile(document, "utf8")).matchAll(/```ts( no-run)?\n([\s\S]*?)```/g)].map((match, index) => ({
        name: `${document} #${index + 1}`,
        file: `${document.replace(/[/.]/g, "-")}-${index + 1}.ts`,
        run: !match[1],
        code: match[2] ?? "",
        against: TRY_IT.exec(match[2] ?? "")?.[1],
      })),
    ),
  )
).flat();
const dir = resolve(`.tmp-docs-${process.pid}`);

// What an example may run against, and how the test starts it: the way its first line tells a reader to.
const SERVERS: Record<string, () => Promise<{ env: Record<string, string>; close: () => Promise<void> }>> = {
  "npx cognigy-openapi-client mock": () => mock([]),
  "npx cognigy-openapi-client mock --list 250": () => mock(["--list", "250"]),
  "npx cognigy-openapi-client mock --oauth": () => mock(["--oauth"]),
  "nothing else: it starts its own servers": () => Promise.resolve({ env: {}, close: () => Promise.resolve() }),
  "a local fake of Cognigy.AI serving its spec (scripts/servers/cognigy-fake.ts in this repository)": async () => {
    const fake = await startCognigyFake({ apiKey: "fake-key" });
    return { env: { COGNIGY_BASE_URL: fake.url, COGNIGY_API_KEY: "fake-key" }, close: fake.close };
  },
  "two local fakes of Cognigy.AI (npm run example:move-snapshot in this repository)": async () => {
    const [source, target] = await Promise.all([
      startCognigyFake({ apiKey: "source-key" }),
      startCognigyFake({ apiKey: "target-key" }),
    ]);
    return {
      env: {
        COGNIGY_SOURCE_URL: source.url,
        COGNIGY_SOURCE_KEY: "source-key",
        COGNIGY_TARGET_URL: target.url,
        COGNIGY_TARGET_KEY: "target-key",
      },
      close: async () => void (await Promise.all([source.close(), target.close()])),
    };
  },
};

// The mock command, as a reader runs it: the environment is the `export` line it prints.
async function mock(args: string[]) {
  const { io, stdout } = memoryIo();
  const server = (await startMock(args, io))!;
  const line = stdout.find((printed) => printed.startsWith("export "));
  if (!line) throw new Error(`mock ${args.join(" ")} printed no export line`);
  const env = Object.fromEntries(
    line
      .slice("export ".length)
      .split(" ")
      .map((pair) => pair.split("=", 2) as [string, string]),
  );
  return { env, close: server.close };
}

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  // The module `./cognigy-api.js` examples import, written by the generate command from the committed spec.
  const { io: quiet } = memoryIo();
  expect(
    await cognigyCommand(
      ["generate", "--file", "openapi/cognigy.openapi.json", "--out", join(dir, "cognigy-api.ts")],
      quiet,
    ),
  ).toBe(0);
  const module = await readFile(join(dir, "cognigy-api.ts"), "utf8");
  await writeFile(
    join(dir, "cognigy-api.ts"),
    module.replace('from "cognigy-openapi-client"', 'from "../src/index.js"'),
  );
  for (const { file, code } of examples) {
    const local = code
      .replaceAll('from "cognigy-openapi-client"', 'from "../src/index.js"')
      .replaceAll('from "cognigy-openapi-client/testing"', 'from "../src/testing/index.js"')
      .replaceAll('from "cognigy-openapi-client/testing/servers"', 'from "../src/testing/servers/index.js"')
      .replaceAll('from "cognigy-openapi-client/node"', 'from "../src/node/index.js"');
    await writeFile(join(dir, file), `${local}\nexport {};\n`);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the README and the guides", () => {
  test("have examples, and every one that runs names what it runs against, in its first line", () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    expect(
      examples
        .filter((example) => example.run && (example.against === undefined || !(example.against in SERVERS)))
        .map((example) => `${example.name}: ${example.against ?? "no // Try it against: line"}`),
    ).toEqual([]);
  });

  test("README.md is at most 20 KB, and its scope statement is the generator's, from openapi/SOURCE.json", async () => {
    const readme = await readFile("README.md", "utf8");
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(20 * 1024);
    const scope = await readFile("generated/scope.md", "utf8");
    expect(readme).toContain(`<!-- scope -->\n${scope}<!-- /scope -->`);
    const source = JSON.parse(await readFile("openapi/SOURCE.json", "utf8")) as {
      operationCount: number;
      infoVersion: string;
    };
    expect(scope).toContain(
      `**${source.operationCount} operation${source.operationCount === 1 ? "" : "s"} of Cognigy.AI ${source.infoVersion}**`,
    );
  });

  test("type-check with the project's settings", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      "tsconfig.json",
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    const program = ts.createProgram(
      examples.map((example) => join(dir, example.file)),
      { ...config!.options, noEmit: true },
    );
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  });

  test.each(examples.filter((example) => example.run))(
    "$name runs against what it names and logs what its comments say",
    async ({ file, code, against }) => {
      const server = await SERVERS[against!]!();
      for (const [name, value] of Object.entries(server.env)) vi.stubEnv(name, value);
      const logged: string[] = [];
      const log = vi
        .spyOn(console, "log")
        .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
      try {
        await import(join(dir, file));
      } finally {
        log.mockRestore();
        vi.unstubAllEnvs();
        await server.close();
      }
      expect(logged.length).toBeGreaterThan(0);
      for (const [, expected] of code.matchAll(/console\.log\(.*\/\/ (.+)$/gm)) {
        expect(logged).toEqual(expect.arrayContaining([expect.stringContaining(expected!.trim())]));
      }
    },
  );

  test("npm run example:move-snapshot runs the guide's snapshot recipe against two fakes, with progress", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/dev/move-snapshot.ts"]);
    expect(stdout).toMatch(/^create: queued 0\/3$/m);
    expect(stdout).toMatch(/^download: \d+ bytes$/m);
    expect(stdout).toMatch(/^restore: done 3\/3\nmoved release-\d+ \(\d+ bytes\) and restored it$/m);
  });
});

import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { main, UsageError } from "../src/cli/index.js";
import { startMock } from "../src/cli/mock.js";
import { createCognigyClient, waitForTask } from "../src/index.js";
import { idOf, startListServer } from "../src/testing/servers/index.js";
import { packageBytes, startCognigyFake } from "../scripts/servers/cognigy-fake.js";
import { startOAuthServer } from "../src/testing/servers/oauth-server.js";
import { memoryIo } from "./support/command-io.js";

// `call`, `api` and `operations` in this process, against Prism (the bundled spec), the list server,
// the fake Cognigy and an OAuth2 server, all on 127.0.0.1. test/release/command.test.ts runs the
// packed command as a process; this file covers the behaviour case by case, quickly.
const KEY = "command-key-0123456789";
const OAUTH = { clientId: "cli-client", clientSecret: "cli-secret-0123456789", username: "u", password: "p" };
const SECRETS = [KEY, OAUTH.clientSecret];
const AGENT_ID = "5ce7c2d833ea1e04d7e6c432";
const prismUrl = inject("prismUrl");
const dir = join("test", ".command");
// Every line the command printed in this file, for the secrets scan at the end.
const printed: string[] = [];

let list: Awaited<ReturnType<typeof startListServer>>;
let fake: Awaited<ReturnType<typeof startCognigyFake>>;
let oauth: Awaited<ReturnType<typeof startOAuthServer>>;
beforeAll(async () => {
  [list, fake, oauth] = await Promise.all([
    startListServer({ paging: "cursor", count: 1_234 }),
    startCognigyFake({ apiKey: KEY, stepMs: 5, packageBytes: 300_000 }),
    startOAuthServer(OAUTH),
  ]);
  await mkdir(dir, { recursive: true });
});
afterAll(async () => {
  await Promise.all([list.close(), fake.close(), oauth.close(), rm(dir, { recursive: true, force: true })]);
});

/** Runs the command in-process; a usage mistake is returned as the UsageError `run` turns into exit code 2. */
async function command(
  args: string[],
  env: Record<string, string> = { COGNIGY_BASE_URL: prismUrl, COGNIGY_API_KEY: KEY },
  options: Parameters<typeof memoryIo>[1] = {},
) {
  const { io, stdout, stderr, output } = memoryIo(env, options);
  const code = await main(args, io).catch((error: unknown) => {
    if (error instanceof UsageError) return error;
    throw error;
  });
  printed.push(...stdout, ...stderr, output());
  return { code, stdout, stderr, output: output() };
}

describe("call: a named operation on the client", () => {
  test("prints the answer as JSON, compact in a pipe and pretty on a terminal", async () => {
    const piped = await command(["call", "aiAgents.get", "-p", `aiAgentId=${AGENT_ID}`]);
    expect(piped.code).toBe(0);
    expect(piped.output).toMatch(/^\{"[^\n]*\}\n$/);
    expect(JSON.parse(piped.output)).toMatchObject({ _id: expect.any(String), name: expect.any(String) });
    const terminal = await command(["call", "aiAgents.get", "-p", `aiAgentId=${AGENT_ID}`], undefined, { isTTY: true });
    expect(terminal.output).toMatch(/^\{\n {2}"/);
  });

  test("types query values as the spec does and refuses what it refuses, naming the parameter and sending nothing", async () => {
    const before = list.requests();
    const env = { COGNIGY_BASE_URL: list.url, COGNIGY_API_KEY: KEY };
    const { code, output } = await command(["call", "largeLanguageModels.list", "-q", "limit=3"], env);
    expect(code).toBe(0);
    expect((JSON.parse(output) as { items: unknown[] }).items).toHaveLength(3);
    const refused = await command(["call", "largeLanguageModels.list", "-q", "limit=300"], env);
    expect(refused.code).toBeInstanceOf(UsageError);
    expect(String(refused.code)).toMatch(/was not sent: query limit must be at most 100 \(got 300\)/);
    const badId = await command(["call", "aiAgents.get", "-p", "aiAgentId=my-agent"], env);
    expect(String(badId.code)).toMatch(/aiAgentId/);
    expect(list.requests() - before).toBe(1);
  });

  test("an unknown name is a usage error that suggests the nearest names", async () => {
    const { code } = await command(["call", "aiAgent.get"]);
    expect(code).toBeInstanceOf(UsageError);
    expect(String(code)).toMatch(
      /no operation is named "aiAgent\.get" in Cognigy\.AI [\d.]+; did you mean (.+, )?aiAgents\.get(, .+)?\?/,
    );
  });

  test("--paginate streams every item of a list as NDJSON, 1,234 in order", async () => {
    const { code, output } = await command(["call", "largeLanguageModels.list", "--paginate"], {
      COGNIGY_BASE_URL: list.url,
      COGNIGY_API_KEY: KEY,
    });
    expect(code).toBe(0);
    const ids = output
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { _id: string })._id);
    expect(ids).toEqual(Array.from({ length: 1_234 }, (_, n) => idOf(n)));
  });

  test("--accept csv writes the body as the server sent it", async () => {
    const { code, output } = await command(["call", "largeLanguageModels.list", "--accept", "csv"]);
    expect(code).toBe(0);
    const raw = await createCognigyClient({ baseUrl: prismUrl, apiKey: KEY }).GET("/v2.0/largelanguagemodels", {
      accept: "csv",
      parseAs: "text",
    });
    expect(output).toMatch(/^_id,name,/);
    expect(output.split("\n")[0]).toBe((raw.data as string).split("\n")[0]);
  });

  test("--dry-run prints the request with the credential redacted, and sends nothing", async () => {
    const before = list.requests();
    const { code, output } = await command(["call", "largeLanguageModels.list", "-q", "limit=5", "--dry-run"], {
      COGNIGY_BASE_URL: list.url,
      COGNIGY_API_KEY: KEY,
    });
    expect(code).toBe(0);
    expect(JSON.parse(output)).toEqual({
      method: "GET",
      url: `${list.url}/v2.0/largelanguagemodels?limit=5`,
      headers: { accept: "application/json", "x-api-key": "[redacted]" },
    });
    expect(list.requests()).toBe(before);
  });

  test("OAuth2 client credentials from the environment", async () => {
    const env = {
      COGNIGY_BASE_URL: oauth.url,
      COGNIGY_OAUTH_CLIENT_ID: OAUTH.clientId,
      COGNIGY_OAUTH_CLIENT_SECRET: OAUTH.clientSecret,
    };
    const { code, output } = await command(["call", "aiAgents.get", "-p", `aiAgentId=${AGENT_ID}`, "--verbose"], env);
    expect(code).toBe(0);
    expect(output).not.toBe("");
    expect(oauth.tokenRequests.at(-1)!.params.get("grant_type")).toBe("client_credentials");
    const dry = await command(["call", "aiAgents.get", "-p", `aiAgentId=${AGENT_ID}`, "--dry-run"], env);
    expect(JSON.parse(dry.output)).toMatchObject({
      headers: { authorization: "Bearer [an OAuth2 client-credentials token]" },
    });
  });
});

describe("api: any route, gh api-style", () => {
  test("a concrete path is matched to its route and validated like a named call", async () => {
    const { code, output } = await command(["api", "GET", `/v2.0/aiagents/${AGENT_ID}`]);
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ _id: expect.any(String) });
    const refused = await command(["api", "get", "/v2.0/aiagents/not-an-id"]);
    expect(String(refused.code)).toMatch(/aiAgentId/);
  });

  test("a route the spec lacks is sent as given, with a body from --data, a file or stdin", async () => {
    const env = { COGNIGY_BASE_URL: fake.url, COGNIGY_API_KEY: KEY };
    const body = { name: "from-the-shell", projectId: AGENT_ID };
    await writeFile(join(dir, "snapshot.json"), JSON.stringify(body));
    for (const [data, stdin] of [
      [JSON.stringify(body)],
      [`@${join(dir, "snapshot.json")}`],
      ["-", JSON.stringify(body)],
    ] as const) {
      const { code, output } = await command(
        ["api", "POST", "/v2.0/snapshots", "--data", data],
        env,
        stdin === undefined ? {} : { stdin },
      );
      expect(code).toBe(0);
      expect(JSON.parse(output)).toMatchObject({ type: "createSnapshot", parameters: body });
    }
    const notJson = await command(["api", "POST", "/v2.0/snapshots", "--data", "{name:"], env);
    expect(String(notJson.code)).toMatch(/^UsageError: --data: the argument is not JSON/);
  });

  test("--output follows a download link to another origin without the key, and writes the file whole", async () => {
    const client = createCognigyClient({ baseUrl: fake.url, apiKey: KEY });
    await waitForTask(
      client,
      client.request("POST", "/v2.0/snapshots" as never, { body: { name: "export", projectId: AGENT_ID } } as never),
    );
    const { data } = await client.request("GET", "/v2.0/snapshots" as never);
    const id = (data as { items: Array<{ _id: string; name: string }> }).items.find(
      (item) => item.name === "export",
    )!._id;
    await waitForTask(
      client,
      client.request(
        "POST",
        "/v2.0/snapshots/{snapshotId}/package" as never,
        { params: { path: { snapshotId: id } }, body: {} } as never,
      ),
    );
    const file = join(dir, "export.csnap");
    const { code, stderr } = await command(
      ["api", "POST", `/v2.0/snapshots/${id}/downloadlink`, "-d", "{}", "--output", file],
      { COGNIGY_BASE_URL: fake.url, COGNIGY_API_KEY: KEY },
    );
    expect(code).toBe(0);
    expect((await readFile(file)).equals(packageBytes(`export/${id}`, 300_000))).toBe(true);
    expect(stderr.at(-1)).toBe(`cognigy-openapi-client: wrote ${file} (300,000 bytes, application/octet-stream)`);
    expect(stderr.some((line) => / of 0\.3 MB \(\d+%\)$/.test(line))).toBe(true);
  });
});

describe("--output: the answer into a file", () => {
  test("a JSON answer without a link is written as sent; a failed call leaves no file, not even a partial one", async () => {
    const env = { COGNIGY_BASE_URL: fake.url, COGNIGY_API_KEY: KEY };
    const listed = join(dir, "snapshots.json");
    expect((await command(["api", "GET", "/v2.0/snapshots", "-o", listed], env)).code).toBe(0);
    expect(JSON.parse(await readFile(listed, "utf8"))).toMatchObject({
      items: expect.any(Array),
      total: expect.any(Number),
    });
    const missing = join(dir, "missing.csnap");
    const failed = await command(
      ["api", "POST", "/v2.0/snapshots/000000000000000000000999/downloadlink", "-d", "{}", "-o", missing],
      env,
    );
    expect(failed.code).toBe(1);
    expect((await readdir(dir)).filter((name) => name.startsWith("missing.csnap"))).toEqual([]);
  });
});

describe("failures: problem details as JSON on stderr, exit 1; the command line's mistakes, exit 2", () => {
  test("an API error: exit 1 and the problem as one JSON line", async () => {
    const { code, stderr, output } = await command(["api", "GET", "/v2.0/snapshots/000000000000000000000999/nothing"], {
      COGNIGY_BASE_URL: fake.url,
      COGNIGY_API_KEY: KEY,
    });
    expect(code).toBe(1);
    expect(output).toBe("");
    expect(stderr).toHaveLength(1);
    expect(JSON.parse(stderr[0]!)).toMatchObject({ error: "CognigyNotFoundError", status: 404, method: "GET" });
  });

  test("a network error: exit 1 and the error as one JSON line", async () => {
    const closed = await startListServer({ count: 1 });
    await closed.close();
    const { code, stderr } = await command(["call", "largeLanguageModels.list", "--timeout", "2000"], {
      COGNIGY_BASE_URL: closed.url,
      COGNIGY_API_KEY: KEY,
    });
    expect(code).toBe(1);
    expect(JSON.parse(stderr.at(-1)!)).toMatchObject({ error: "CognigyConnectionError", method: "GET" });
  });

  test.each([
    [["call"], /call needs an operation name/],
    [["api", "FETCH", "/x"], /"FETCH" is not an HTTP method/],
    [["api", "GET", "v2.0/x"], /the path must start with \//],
    [["call", "aiAgents.get", "-p", "aiAgentId"], /--param takes NAME=VALUE/],
    [["call", "largeLanguageModels.list", "--accept", "pdf"], /--accept takes json, csv, xml, hal/],
    [["call", "largeLanguageModels.list", "--paginate", "--accept", "csv"], /--paginate reads JSON or HAL lists/],
    [["call", "largeLanguageModels.list", "--timeout", "1.5"], /--timeout must be a whole number of milliseconds/],
    [
      ["call", "largeLanguageModels.list", "--api", "test/.command/missing.js"],
      /--api test\/\.command\/missing\.js could not be loaded/,
    ],
  ])("%j is a usage error", async (args, message) => {
    const { code } = await command(args);
    expect(code).toBeInstanceOf(UsageError);
    expect(String(code)).toMatch(message);
  });

  test.each([
    [{}, /say which Cognigy\.AI to call: set COGNIGY_BASE_URL/],
    [{ COGNIGY_BASE_URL: "http://127.0.0.1:9" }, /no credential: set COGNIGY_API_KEY/],
    [
      { COGNIGY_BASE_URL: "http://127.0.0.1:9", COGNIGY_API_KEY: KEY, COGNIGY_OAUTH_CLIENT_ID: "x" },
      /COGNIGY_API_KEY and COGNIGY_OAUTH_CLIENT_ID are both set/,
    ],
    [
      { COGNIGY_BASE_URL: "http://127.0.0.1:9", COGNIGY_ENVIRONMENT: "app", COGNIGY_API_KEY: KEY },
      /COGNIGY_BASE_URL and COGNIGY_ENVIRONMENT are both set/,
    ],
    [{ COGNIGY_BASE_URL: "http://api.example.test/new", COGNIGY_API_KEY: KEY }, /plain http/],
  ])("a target or credential that is missing or unclear is a usage error: %j", async (env, message) => {
    const { code } = await command(["call", "largeLanguageModels.list"], env);
    expect(code).toBeInstanceOf(UsageError);
    expect(String(code)).toMatch(message);
  });
});

describe("operations", () => {
  test("lists names, methods, paths, summaries and docs pages, tab-separated in a pipe; --search narrows; --json for tools", async () => {
    const { code, output } = await command(["operations"]);
    expect(code).toBe(0);
    expect(output.split("\n")).toContain(
      "aiAgents.get\tGET\t/v2.0/aiagents/{aiAgentId}\tGet an AI Agent\thttps://docs.cognigy.com/api-reference/ai-agents/get-an-ai-agent",
    );
    // Every operation whose name, method, path or summary holds both words, as JSON lines; the bundled list among them.
    const found = await command(["operations", "--search", "language models", "--json"]);
    const rows = found.output
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { name: string; summary: string; path: string });
    expect(rows).toContainEqual({
      name: "largeLanguageModels.list",
      method: "GET",
      path: "/v2.0/largelanguagemodels",
      summary: "Get large language models",
      docs: "https://docs.cognigy.com/api-reference/large-language-models/get-large-language-models",
    });
    for (const row of rows)
      expect(`${row.name} ${row.path} ${row.summary}`.toLowerCase()).toMatch(/language.*models|models.*language/);
  });
});

describe("mock: a local stand-in for Cognigy.AI", () => {
  const started = async (args: string[]) => {
    const { io, stdout, stderr } = memoryIo();
    const server = (await startMock(args, io))!;
    printed.push(...stdout, ...stderr);
    return { server, stdout, stderr };
  };
  const refused = (args: readonly string[]) =>
    startMock([...args], memoryIo().io).then(
      () => expect.unreachable("expected a usage error"),
      (error: unknown) => error as Error,
    );
  const envOf = (line: string) =>
    Object.fromEntries(
      line
        .slice("export ".length)
        .split(" ")
        .map((pair) => pair.split("=", 2) as [string, string]),
    );

  test("Prism of the bundled spec: prints the export line; calls work against it, and it serves the spec it mocks", async () => {
    const { server, stdout, stderr } = await started([]);
    try {
      expect(stdout).toEqual([`export COGNIGY_BASE_URL=${server.url} COGNIGY_API_KEY=mock-key`]);
      const bundled = JSON.parse(await readFile("generated/openapi.json", "utf8")) as {
        info: { version: string };
        paths: object;
      };
      expect(stderr[0]).toBe(
        `cognigy-openapi-client: Prism mocking Cognigy.AI ${bundled.info.version}, ${Object.keys(bundled.paths).length} paths, on ${server.url}; stop it with Ctrl-C`,
      );
      const { code, output } = await command(
        ["call", "aiAgents.get", "-p", `aiAgentId=${AGENT_ID}`],
        envOf(stdout[0]!),
      );
      expect(code).toBe(0);
      expect(JSON.parse(output)).toMatchObject({ name: "Cognigy AI Agent" });
      const spec = (await (await fetch(`${server.url}/openapi/openapi-viewer.json`)).json()) as {
        info: { version: string };
      };
      expect(spec.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    } finally {
      await server.close();
    }
  });

  test("--list N pages N items with real cursors; --oauth signs in with the credentials it prints", async () => {
    const list = await started(["--list", "321"]);
    const paged = await command(["call", "largeLanguageModels.list", "--paginate"], envOf(list.stdout[0]!));
    await list.server.close();
    expect(paged.output.trimEnd().split("\n")).toHaveLength(321);
    const oauthMock = await started(["--oauth"]);
    const env = envOf(oauthMock.stdout[0]!);
    const signedIn = await command(["call", "aiAgents.get", "-p", `aiAgentId=${AGENT_ID}`], {
      COGNIGY_BASE_URL: env["COGNIGY_BASE_URL"]!,
      COGNIGY_OAUTH_CLIENT_ID: env["COGNIGY_CLIENT_ID"]!,
      COGNIGY_OAUTH_CLIENT_SECRET: env["COGNIGY_CLIENT_SECRET"]!,
    });
    await oauthMock.server.close();
    expect(signedIn.code).toBe(0);
  });

  test("--file mocks a spec of your own; what it cannot mock is a usage error naming it", async () => {
    const spec = join(dir, "mine.json");
    const document = JSON.parse(await readFile("generated/openapi.json", "utf8")) as { info: { version: string } };
    document.info.version = "2099.1.0";
    await writeFile(spec, JSON.stringify(document));
    const mine = await started(["--file", spec]);
    await mine.server.close();
    expect(mine.stderr[0]).toContain("Prism mocking Cognigy.AI 2099.1.0");
    await writeFile(
      join(dir, "external.json"),
      JSON.stringify({ openapi: "3.0.0", paths: { "/x": { $ref: "/etc/passwd" } } }),
    );
    for (const [args, message] of [
      [["--file", join(dir, "nothing.json")], /--file .*nothing\.json: ENOENT/],
      [["--file", join(dir, "snapshot.json")], /is not an OpenAPI document/],
      [["--file", join(dir, "external.json")], /\/paths\/~1x\/\$ref .*file or URL/],
      [["--list", "many"], /--list must be a whole number from 0 to 1000000/],
      [["--list", "3", "--oauth"], /--list and --oauth exclude each other/],
      [["--port", "70000"], /--port must be a whole number from 1 to 65535/],
    ] as const) {
      const error = await refused(args);
      expect(error).toBeInstanceOf(UsageError);
      expect(String(error)).toMatch(message);
    }
  });
});

test("no line the command printed carries a secret", () => {
  expect(printed.length).toBeGreaterThan(20);
  for (const line of printed) for (const secret of SECRETS) expect(line).not.toContain(secret);
});

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPrismMock, type PrismMock } from "../../src/testing/servers/prism.js";
import { listen, type LocalServer } from "../../src/testing/servers/listen.js";

// The ESM build in a real browser: Debian's Chromium (installed here when missing), a page on
// 127.0.0.1 that bundles dist/index.js the way an app's bundler would, and Prism with CORS.
const CHROMIUM = "/usr/bin/chromium";
let prism: PrismMock;
let page: LocalServer;
let browser: Browser;
// Requests that reached the redirect's target: a refused redirect must leave it at none.
let followed = 0;

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0)
    throw new Error(`${CHROMIUM} is missing; install Debian's chromium package (apt-get install chromium)`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

beforeAll(async () => {
  ensureChromium();
  prism = await startPrismMock({ spec: "generated/openapi.json", cors: true });
  const bundle = await build({
    stdin: {
      resolveDir: resolve("."),
      loader: "ts",
      contents: `
        import { createCognigyClient, csvRecords, SPEC_VERSION } from "./dist/index.js";
        import { mockFetch } from "./dist/testing.js";
        const client = createCognigyClient({ baseUrl: ${JSON.stringify(prism.url)}, apiKey: "browser-key" });
        const params = { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } };
        const agent = await client.GET("/v2.0/aiagents/{aiAgentId}", { params });
        const name: string | undefined = agent.data?.name;
        const xml = await client.GET("/v2.0/aiagents/{aiAgentId}", { params, accept: "xml" });
        const csv = await client.GET("/v2.0/largelanguagemodels", { accept: "csv" });
        const streamed: string[] = [];
        for await (const row of csvRecords(client.GET("/v2.0/largelanguagemodels", { accept: "csv", parseAs: "stream" }))) streamed.push(row.name ?? "");
        // A browser hides where a redirect leads, so the client refuses it rather than follow blind.
        const redirecting = createCognigyClient({ baseUrl: location.origin + "/redirect", apiKey: "browser-key" });
        const redirect = await redirecting.GET("/v2.0/aiagents/{aiAgentId}", { params }).then(() => "followed", (error: { name: string; reason: string }) => error.name + ": " + error.reason);
        // The test kit's typed handlers answer in the page, with no server.
        const mocked = createCognigyClient({ baseUrl: "https://api.example.net/new", apiKey: "k", fetch: mockFetch({ "GET /v2.0/aiagents/{aiAgentId}": ({ params }) => ({ body: { name: "mocked " + params.aiAgentId } }) }) });
        const mock = (await mocked.aiAgents.get({ params })).data?.name;
        (window as unknown as { result: unknown }).result = { status: agent.response.status, name, xml: (xml.data as { xml: { name: string } }).xml.name, csv: csv.data?.[0]?.name, streamed, redirect, mock, SPEC_VERSION };
      `,
    },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
  });
  const script = bundle.outputFiles[0]!.text;
  page = await listen((request, response) => {
    if (request.url === "/app.js")
      return void response.writeHead(200, { "content-type": "text/javascript" }).end(script);
    if (request.url?.startsWith("/redirect/")) return void response.writeHead(302, { location: "/elsewhere" }).end();
    if (request.url === "/elsewhere") followed++;
    response
      .writeHead(200, { "content-type": "text/html" })
      .end('<!doctype html><title>cognigy-openapi-client</title><script type="module" src="/app.js"></script>');
  });
  // Playwright gives each launch a fresh, empty profile of its own.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await prism?.close();
  await page?.close();
});

describe("in Chromium", () => {
  test("the ESM build makes typed calls to Prism across origins, refuses a redirect it cannot see, and its test kit answers from typed handlers", async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    tab.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    // Chromium reports the hop it did not take after a manual redirect as aborted: that is the refusal.
    tab.on(
      "requestfailed",
      (request) =>
        !request.url().endsWith("/elsewhere") &&
        errors.push(`${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`),
    );
    await tab.goto(`${page.url}/`);
    const result = await tab
      .waitForFunction(() => (window as unknown as { result?: unknown }).result, undefined, { timeout: 30_000 })
      .then((handle) => handle.jsonValue())
      .catch((error: Error) => `${error.message}: ${errors.join("; ")}`);
    expect(errors).toEqual([]);
    expect(result).toEqual({
      status: 200,
      name: "Cognigy AI Agent",
      xml: "Cognigy AI Agent",
      csv: "Example",
      streamed: ["Example"],
      redirect: "CognigyRedirectError: hidden",
      mock: "mocked 5ce7c2d833ea1e04d7e6c432",
      SPEC_VERSION: "2026.10.1",
    });
    expect(followed).toBe(0);
  });
});

/**
 * `cognigy-openapi-client mock`: a local stand-in for Cognigy.AI, to try the client, its examples
 * and the command without an account. Prism mocks the bundled spec (or a spec of your own), or a
 * list server pages a long list with real cursors. On 127.0.0.1 only; serves until stopped.
 */
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { findBoundsProblem, MAX_DOCUMENT_BYTES } from "../shared/document-bounds.js";
import { loadSpecDocument } from "../spec.js";
import { startListServer } from "../testing/servers/list-server.js";
import { startOAuthServer } from "../testing/servers/oauth-server.js";
import { startPrismMock } from "../testing/servers/prism.js";
import { COMMAND, UsageError, wholeNumber, type CommandIo } from "./io.js";

export const MOCK_USAGE = `usage: ${COMMAND} mock [--file SPEC.json | --list COUNT | --oauth] [--port N]

A local stand-in for Cognigy.AI on 127.0.0.1, until you stop it (Ctrl-C):

  (default)      Prism mocking the bundled spec: every operation answers with its example, and
                 requests are checked against the spec; the spec it mocks is served at
                 /openapi/openapi-viewer.json, where an installation serves its own
  --file SPEC    mock your own spec instead (JSON), e.g. the one you generate your module from
  --list COUNT   a list of COUNT large language models at any list path, paged with real cursors,
                 skip and limit (Prism answers every page alike), for paginate() and --paginate
  --oauth        an OAuth2 token endpoint (/auth/oauth2/token) with an API that takes only its
                 tokens, for oauth2Auth(): prints the client id and secret to use
  --port N       the port (default: a free one)

Prism is an optional dependency: install @stoplight/prism-core, @stoplight/prism-http and
@stoplight/prism-http-server (the command names the versions). Any API key is accepted.`;

/** Runs `mock`: resolves once the server is up, with a function that stops it. */
export async function startMock(
  args: readonly string[],
  io: CommandIo,
): Promise<{ url: string; close: () => Promise<void> } | undefined> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      file: { type: "string" },
      list: { type: "string" },
      oauth: { type: "boolean", default: false },
      port: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(MOCK_USAGE);
    return undefined;
  }
  const modes = (["file", "list", "oauth"] as const).filter(
    (mode) => values[mode] !== undefined && values[mode] !== false,
  );
  if (modes.length > 1) throw new UsageError(`--${modes.join(" and --")} exclude each other`);
  const port = values.port === undefined ? 0 : wholeNumber(values.port, "--port", 1, 65_535);
  if (values.list !== undefined) {
    const count = wholeNumber(values.list, "--list", 0, 1_000_000);
    const server = await startListServer({ count, paging: "cursor", port });
    announce(io, server.url, `a list of ${count.toLocaleString("en")} large language models, paged by cursor`);
    return server;
  }
  if (values.oauth) {
    // Mock credentials, printed for the shell: nothing here is a secret.
    const server = await startOAuthServer({
      clientId: "mock-client",
      clientSecret: "mock-client-secret",
      username: "mock-user",
      password: "mock-password",
      port,
    });
    io.stderr(
      `${COMMAND}: an OAuth2 token endpoint and an API that takes its tokens, on ${server.url}; stop it with Ctrl-C`,
    );
    io.stdout(
      `export COGNIGY_BASE_URL=${server.url} COGNIGY_CLIENT_ID=mock-client COGNIGY_CLIENT_SECRET=mock-client-secret`,
    );
    return server;
  }
  const spec = values.file === undefined ? await loadSpecDocument() : await readSpec(values.file);
  const info = (spec["info"] ?? {}) as { version?: unknown };
  const paths = (spec["paths"] ?? {}) as Record<string, unknown>;
  // The spec it mocks at Cognigy's own address, for `generate --url` (the package's fixes applied).
  const served = {
    ...spec,
    paths: {
      ...paths,
      "/openapi/openapi-viewer.json": {
        get: {
          operationId: "mockSpecDocument",
          security: [],
          responses: { "200": { description: "This spec", content: { "application/json": { example: spec } } } },
        },
      },
    },
  };
  const prism = await startPrismMock({ spec: served, port });
  announce(
    io,
    prism.url,
    `Prism mocking Cognigy.AI ${typeof info.version === "string" ? info.version : "(no version)"}, ${Object.keys(paths).length} paths`,
  );
  return prism;
}

function announce(io: CommandIo, url: string, what: string): void {
  io.stderr(`${COMMAND}: ${what}, on ${url}; stop it with Ctrl-C`);
  // The one line a shell needs (any key is accepted).
  io.stdout(`export COGNIGY_BASE_URL=${url} COGNIGY_API_KEY=mock-key`);
}

// A spec file of the user's: JSON, at most 100 MB, with no $ref to a file or URL (never read).
async function readSpec(file: string): Promise<Record<string, unknown>> {
  const path = resolve(file);
  let text: string;
  try {
    if ((await stat(path)).size > MAX_DOCUMENT_BYTES)
      throw new UsageError(`--file ${file} is larger than ${MAX_DOCUMENT_BYTES / 2 ** 20} MB`);
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--file ${file} is not JSON (${(error as Error).message})`);
  }
  if (
    typeof document !== "object" ||
    document === null ||
    Array.isArray(document) ||
    typeof (document as Record<string, unknown>)["paths"] !== "object"
  ) {
    throw new UsageError(`--file ${file} is not an OpenAPI document (no paths)`);
  }
  const problem = findBoundsProblem(document);
  if (problem) throw new UsageError(`--file ${file}: ${problem.pointer || "/"} ${problem.message}`);
  return document as Record<string, unknown>;
}

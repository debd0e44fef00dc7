/**
 * `call`, `api` and `operations`: the Cognigy API from the shell, on the package's own client
 * (validation, retries, pace, timeouts, redirects and redaction as in code). Loaded only when one of
 * them runs.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { oauth2Auth } from "../auth/oauth2.js";
import type { CognigyAuth } from "../auth/types.js";
import { createCognigyClient } from "../client/create-client.js";
import type { CognigyClientOptions } from "../client/types.js";
import { CognigyApiError } from "../errors/api-error.js";
import { CognigyError } from "../errors/base.js";
import { CognigyConfigError } from "../errors/config-error.js";
import { CognigyValidationError } from "../errors/validation-error.js";
import { isErrorType } from "../errors/guards.js";
import { CognigyBodyTooLargeError, CognigyRequestError } from "../errors/request-errors.js";
import { download } from "../long-running.js";
import { saveBody, type DownloadResult, type DownloadSource } from "../transfer/download.js";
import { fileSink } from "../node/index.js";
import { paginate } from "../pagination/pages.js";
import { docsLink } from "../shared/docs-link.js";
import { printable } from "../shared/printable.js";
import { readLimited } from "../shared/read-limited.js";
import { redactCredentials, redactUrl } from "../shared/redact.js";
import { MAX_TIMER_MS } from "../shared/timers.js";
import { bundledCatalog, catalogOf, type OperationCatalog } from "../spec.js";
import type { OperationInfo } from "../spec.js";
import { COMMAND, UsageError, wholeNumber, type CommandIo } from "./io.js";

export const CALL_USAGE = `usage: ${COMMAND} call <namespace.method> [-p name=value …] [-q name=value …] [--data JSON | --data @FILE | --data -] [options]
       ${COMMAND} api <METHOD> <path> [-p name=value …] [-q name=value …] [--data …] [options]
       ${COMMAND} operations [--search TEXT] [--api MODULE] [--json]

  call NAME              a named operation (see \`operations\`), e.g. aiAgents.get
  api METHOD PATH        any route, e.g. api GET /v2.0/aiagents/{aiAgentId} -p aiAgentId=…, or with
                         the id in the path; a path the spec knows is validated like a named call
  -p, --param NAME=VALUE a path parameter
  -q, --query NAME=VALUE a query parameter (repeat it for a list); numbers and booleans as the spec says
  -d, --data JSON|@FILE|-  the JSON body: inline, from a file, or from stdin
  --paginate             every item of a list as one JSON line each (NDJSON), page after page
  --accept csv|xml|hal   ask for that representation and write the body as it arrives
  -o, --output FILE      write the answer into FILE (an answer that is a download link is followed),
                         with progress on stderr
  --dry-run              print the request (credentials redacted) and send nothing
  -v, --verbose          each attempt, retry and slow-down on stderr
  --api MODULE           the module \`generate\` wrote for your Cognigy.AI version (names and checks)
  --base-url URL         default $COGNIGY_BASE_URL
  --environment NAME     trial, app, app-us or your API host; default $COGNIGY_ENVIRONMENT
  --timeout MS           milliseconds one attempt may take (default 60000)
  --allow-insecure-http  send over plain http to a host other than this machine

Credentials come from the environment only, never from flags: COGNIGY_API_KEY, or OAuth2 client
credentials COGNIGY_OAUTH_CLIENT_ID and COGNIGY_OAUTH_CLIENT_SECRET (COGNIGY_OAUTH_TOKEN_URL and
COGNIGY_OAUTH_SCOPE optional). They are never printed.
JSON is printed pretty on a terminal and compact otherwise. Exit codes: 0 done, 1 an API or network
error (its problem details as JSON on stderr), 2 a mistake in the command line.`;

const ACCEPTS = ["json", "csv", "xml", "hal"] as const;
type Accept = (typeof ACCEPTS)[number];

const OPTIONS = {
  param: { type: "string", short: "p", multiple: true },
  query: { type: "string", short: "q", multiple: true },
  data: { type: "string", short: "d" },
  paginate: { type: "boolean", default: false },
  accept: { type: "string" },
  output: { type: "string", short: "o" },
  "dry-run": { type: "boolean", default: false },
  verbose: { type: "boolean", short: "v", default: false },
  api: { type: "string" },
  "base-url": { type: "string" },
  environment: { type: "string" },
  timeout: { type: "string" },
  "allow-insecure-http": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} satisfies ParseArgsConfig["options"];

/** Runs `call` or `api`; resolves to the exit code. */
export async function callCommand(command: "call" | "api", args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: OPTIONS,
  });
  if (values.help) {
    io.stdout(CALL_USAGE);
    return 0;
  }
  const accept = acceptOf(values.accept);
  if (values.paginate && accept !== "json" && accept !== "hal")
    throw new UsageError(`--paginate reads JSON or HAL lists, not --accept ${accept}`);
  if (values.paginate && values.output !== undefined)
    throw new UsageError("--paginate writes to stdout; leave out --output (redirect it: > items.ndjson)");
  const catalog = await catalogFor(values.api);
  const { method, template, operation, pathParams } = await routeOf(command, positionals, catalog);
  const path = { ...pathParams, ...pairs(values.param ?? [], "--param") };
  const query = queryOf(values.query ?? [], operation);
  const body = values.data === undefined ? undefined : await bodyOf(values.data, io);
  if (values.paginate && method !== "GET")
    throw new UsageError(`--paginate reads lists, which are GET routes; ${method} ${template} is not`);

  const secrets = new Set<string>();
  const say = (line: string) => io.stderr(redactCredentials(line, secrets));
  const printed: { request?: Request } = {};
  const client = clientOf(
    {
      ...targetOf(values, io.env),
      ...(values.api === undefined ? {} : { api: await loadModule(values.api) }),
      ...credentialOf(io.env, secrets, values["dry-run"]),
      ...(values.timeout === undefined
        ? {}
        : { timeout: wholeNumber(values.timeout, "--timeout", 1, MAX_TIMER_MS, "milliseconds") }),
      ...(values["allow-insecure-http"] && { allowInsecureHttp: true }),
      ...(values.verbose && { logger: verboseLogger(say) }),
      // --dry-run: the request is built whole (validated, credential added), printed, and answered here.
      ...(values["dry-run"]
        ? {
            fetch: (request: Request) => (
              (printed.request ??= request),
              Promise.resolve(new Response(null, { status: 204 }))
            ),
          }
        : io.fetch && { fetch: io.fetch }),
    } as CognigyClientOptions,
    values["allow-insecure-http"],
  );
  const params = { path, query };
  const request = client.request as unknown as (
    method: string,
    path: string,
    init: object,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

  try {
    if (values["dry-run"]) {
      await request(method, template, {
        params,
        body,
        accept: accept === "json" ? undefined : accept,
        parseAs: "stream",
        throwOnError: true,
      });
      await io.write(json(await describeRequest(printed.request!, secrets), io.isTTY));
      return 0;
    }
    if (values.paginate) {
      for await (const item of paginate(
        client,
        template as never,
        { params, accept: accept === "hal" ? "hal" : undefined } as never,
      ))
        await io.write(`${JSON.stringify(item)}\n`);
      return 0;
    }
    if (values.output !== undefined)
      return await writeOutput(values.output, { client, request, method, template, params, body, say });
    if (accept !== "json") {
      // The body as it arrives, byte for byte: CSV and XML exports stream through in constant memory.
      const { data } = await request(method, template, { params, body, accept, parseAs: "stream", throwOnError: true });
      const reader = (data as ReadableStream<Uint8Array> | undefined)?.getReader();
      for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read())
        await io.write(read.value);
      return 0;
    }
    const { data } = await request(method, template, { params, body, throwOnError: true });
    if (data !== undefined) await io.write(json(data, io.isTTY));
    return 0;
  } catch (error) {
    return reportFailure(error, say);
  }
}

// The client, or the setting it refuses as the command line's mistake (exit 2).
function clientOf(options: CognigyClientOptions, insecureAllowed: boolean): ReturnType<typeof createCognigyClient> {
  try {
    return createCognigyClient(options);
  } catch (error) {
    if (!isErrorType(error, CognigyConfigError)) throw error;
    const hint =
      !insecureAllowed && /plain http/i.test(error.message) ? " (pass --allow-insecure-http to send anyway)" : "";
    throw new UsageError(`${error.message}${hint}`);
  }
}

/** Runs `operations`: every named operation with its method, path, summary and docs page. */
export async function operationsCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      search: { type: "string" },
      api: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(CALL_USAGE);
    return 0;
  }
  const catalog = await catalogFor(values.api);
  const words = (values.search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const rows = Object.values(await catalog.operations())
    .map((operation) => ({
      name: operation.name,
      method: operation.method.toUpperCase(),
      path: operation.path,
      summary: operation.summary,
      docs: docsLink({ tag: operation.tags[0] ?? "", summary: operation.summary }) ?? "",
    }))
    .filter((row) =>
      words.every((word) => `${row.name} ${row.method} ${row.path} ${row.summary}`.toLowerCase().includes(word)),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  if (values.json) {
    for (const row of rows) await io.write(`${JSON.stringify(row)}\n`);
    return 0;
  }
  // Tab-separated for cut and awk; padded into columns on a terminal. Spec text is made printable.
  const cells = rows.map((row) =>
    [row.name, row.method, row.path, row.summary, row.docs].map((cell) => printable(cell).replace(/\t/g, " ")),
  );
  const widths = [0, 1, 2, 3].map((column) => Math.max(0, ...cells.map((row) => row[column]!.length)));
  for (const row of cells)
    await io.write(
      `${io.isTTY ? row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column]!) : cell)).join("  ") : row.join("\t")}\n`,
    );
  if (rows.length === 0)
    io.stderr(`no operation matches ${JSON.stringify(values.search)} (Cognigy.AI ${catalog.version})`);
  return 0;
}

// The bundled spec's operations, or those of the user's module.
async function catalogFor(modulePath: string | undefined): Promise<OperationCatalog> {
  return modulePath === undefined ? bundledCatalog : catalogOf(await loadModule(modulePath));
}

// The `api` export of a module `generate` wrote (.js, .mjs or .cjs; TypeScript needs a loader).
async function loadModule(path: string): Promise<unknown> {
  const url = pathToFileURL(resolve(path)).href;
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(
      `--api ${path} could not be loaded: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  }
  const api = module["api"] ?? (module["default"] as Record<string, unknown> | undefined)?.["api"];
  if (api === undefined)
    throw new UsageError(`--api ${path} has no \`api\` export: pass the module \`${COMMAND} generate\` wrote`);
  catalogOf(api);
  return api;
}

interface Route {
  readonly method: string;
  readonly template: string;
  readonly operation: OperationInfo | undefined;
  /** Path parameters taken from a concrete path (`/v2.0/aiagents/5ce…` → `aiAgentId`). */
  readonly pathParams: Record<string, string>;
}

// `call NAME` or `api METHOD PATH` → the route, and the operation when the spec has it.
async function routeOf(command: "call" | "api", positionals: string[], catalog: OperationCatalog): Promise<Route> {
  if (command === "call") {
    const [name, ...extra] = positionals;
    if (name === undefined)
      throw new UsageError("call needs an operation name, e.g. call aiAgents.get (list them: operations)");
    if (extra.length > 0) throw new UsageError(`call takes one operation name; unexpected ${JSON.stringify(extra[0])}`);
    const operation = (await catalog.lookup()).byName(name);
    if (!operation)
      throw new UsageError(
        `no operation is named ${JSON.stringify(name)} in Cognigy.AI ${catalog.version}${suggestion(name, Object.values(await catalog.operations()))}`,
      );
    return { method: operation.method.toUpperCase(), template: operation.path, operation, pathParams: {} };
  }
  const [rawMethod, path, ...extra] = positionals;
  if (rawMethod === undefined || path === undefined)
    throw new UsageError("api needs a method and a path, e.g. api GET /v2.0/aiagents/{aiAgentId} -p aiAgentId=…");
  if (extra.length > 0) throw new UsageError(`api takes a method and a path; unexpected ${JSON.stringify(extra[0])}`);
  const method = rawMethod.toUpperCase();
  if (!/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(method))
    throw new UsageError(
      `${JSON.stringify(rawMethod)} is not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)`,
    );
  if (!path.startsWith("/") || path.includes("?") || path.includes("#"))
    throw new UsageError(`the path must start with / and carry no query (use -q): ${JSON.stringify(path)}`);
  const operations = Object.values(await catalog.operations()).filter(
    (operation) => operation.method.toUpperCase() === method,
  );
  const exact = operations.find((operation) => operation.path === path);
  if (exact) return { method, template: path, operation: exact, pathParams: {} };
  // A concrete path is matched against the templates, fixed segments first: its ids become path parameters.
  for (const operation of operations.sort((a, b) => placeholders(a.path) - placeholders(b.path))) {
    const pathParams = matchTemplate(operation.path, path);
    if (pathParams) return { method, template: operation.path, operation, pathParams };
  }
  return { method, template: path, operation: undefined, pathParams: {} };
}

const placeholders = (template: string) => (template.match(/\{/g) ?? []).length;

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const value = got[index]!;
    const name = /^\{([^}]+)\}$/.exec(segment)?.[1];
    if (name === undefined) {
      if (segment !== value) return undefined;
    } else {
      if (value === "" || value.startsWith("{")) return undefined;
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return params;
}

// Up to three names near the one given: the same words, or a letter or two apart.
function suggestion(name: string, operations: readonly OperationInfo[]): string {
  const near = operations
    .map((operation) => ({
      name: operation.name,
      distance: distance(name.toLowerCase(), operation.name.toLowerCase()),
    }))
    .filter((candidate) => candidate.distance <= Math.max(2, Math.floor(name.length / 4)))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, 3);
  return near.length > 0
    ? `; did you mean ${near.map((candidate) => candidate.name).join(", ")}?`
    : `; list them with \`${COMMAND} operations --search …\``;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

function pairs(entries: readonly string[], flag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf("=");
    if (at < 1) throw new UsageError(`${flag} takes NAME=VALUE, got ${JSON.stringify(entry)}`);
    const name = entry.slice(0, at);
    if (Object.hasOwn(result, name)) throw new UsageError(`${flag} ${name} is given twice`);
    result[name] = entry.slice(at + 1);
  }
  return result;
}

// Query values as the spec types them: `limit=10` is a number, `flag=true` a boolean, a repeated
// name (or an array parameter) a list. What the spec does not describe stays text.
function queryOf(entries: readonly string[], operation: OperationInfo | undefined): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const entry of entries) {
    const at = entry.indexOf("=");
    if (at < 1) throw new UsageError(`--query takes NAME=VALUE, got ${JSON.stringify(entry)}`);
    const name = entry.slice(0, at);
    const parameter = operation?.parameters.find((candidate) => candidate.in === "query" && candidate.name === name);
    const schema = parameter?.schema as { type?: unknown; items?: { type?: unknown } } | undefined;
    const isList = schema?.type === "array";
    const value = typed(entry.slice(at + 1), isList ? schema?.items?.type : schema?.type);
    const held = query[name];
    query[name] =
      held === undefined
        ? isList
          ? [value]
          : value
        : [...(Array.isArray(held) ? (held as unknown[]) : [held]), value];
  }
  return query;
}

function typed(text: string, type: unknown): unknown {
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

// --data: inline JSON, @FILE, or - for stdin.
async function bodyOf(data: string, io: CommandIo): Promise<unknown> {
  let text: string;
  let from: string;
  if (data === "-") {
    text = await io.stdin();
    from = "stdin";
  } else if (data.startsWith("@")) {
    from = data.slice(1);
    try {
      text = await readFile(resolve(from), "utf8");
    } catch (error) {
      throw new UsageError(
        `--data ${data}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
      );
    }
  } else {
    text = data;
    from = "the argument";
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--data: ${from} is not JSON (${(error as Error).message})`);
  }
}

function acceptOf(value: string | undefined): Accept {
  if (value === undefined) return "json";
  if (!(ACCEPTS as readonly string[]).includes(value))
    throw new UsageError(`--accept takes ${ACCEPTS.join(", ")}, got ${JSON.stringify(value)}`);
  return value as Accept;
}

// Where requests go: flags first, then the environment.
function targetOf(
  values: { "base-url"?: string | undefined; environment?: string | undefined },
  env: CommandIo["env"],
): Pick<CognigyClientOptions, "baseUrl" | "environment"> {
  if (values["base-url"] !== undefined && values.environment !== undefined)
    throw new UsageError("--base-url and --environment exclude each other");
  if (values["base-url"] !== undefined) return { baseUrl: values["base-url"] };
  if (values.environment !== undefined) return { environment: values.environment };
  const baseUrl = env["COGNIGY_BASE_URL"] || undefined;
  const environment = env["COGNIGY_ENVIRONMENT"] || undefined;
  if (baseUrl !== undefined && environment !== undefined)
    throw new UsageError(
      "COGNIGY_BASE_URL and COGNIGY_ENVIRONMENT are both set; unset one (or pass --base-url or --environment)",
    );
  if (baseUrl === undefined && environment === undefined)
    throw new UsageError(
      "say which Cognigy.AI to call: set COGNIGY_BASE_URL (e.g. https://api-app.cognigy.ai/new) or COGNIGY_ENVIRONMENT, or pass --base-url",
    );
  return baseUrl !== undefined ? { baseUrl } : { environment: environment! };
}

// The credential, from the environment only: an API key or OAuth2 client credentials. Every
// secret is remembered, so no line the command prints can carry it.
function credentialOf(
  env: CommandIo["env"],
  secrets: Set<string>,
  dryRun: boolean,
): Pick<CognigyClientOptions, "apiKey" | "auth"> {
  const apiKey = env["COGNIGY_API_KEY"] || undefined;
  const clientId = env["COGNIGY_OAUTH_CLIENT_ID"] || undefined;
  const clientSecret = env["COGNIGY_OAUTH_CLIENT_SECRET"] || undefined;
  for (const secret of [apiKey, clientSecret]) if (secret) secrets.add(secret);
  if (apiKey && clientId) throw new UsageError("COGNIGY_API_KEY and COGNIGY_OAUTH_CLIENT_ID are both set; unset one");
  if (apiKey) return { apiKey };
  if (!clientId)
    throw new UsageError(
      "no credential: set COGNIGY_API_KEY, or COGNIGY_OAUTH_CLIENT_ID and COGNIGY_OAUTH_CLIENT_SECRET",
    );
  if (!clientSecret) throw new UsageError("COGNIGY_OAUTH_CLIENT_ID is set without COGNIGY_OAUTH_CLIENT_SECRET");
  // A dry run asks for no token: it shows where the token would go.
  if (dryRun) return { auth: placeholderBearer() };
  return {
    auth: oauth2Auth({
      grant: "client_credentials",
      clientId,
      clientSecret,
      tokenUrl: env["COGNIGY_OAUTH_TOKEN_URL"] || undefined,
      scope: env["COGNIGY_OAUTH_SCOPE"] || undefined,
    }),
  };
}

function placeholderBearer(): CognigyAuth {
  return {
    type: "oauth2",
    authorize: (request) => void request.headers.set("Authorization", "Bearer [an OAuth2 client-credentials token]"),
    toString: () => "oauth2Auth([redacted])",
  };
}

function verboseLogger(say: (line: string) => void): NonNullable<CognigyClientOptions["logger"]> {
  const line = (level: string) => (_fields: unknown, message: string) =>
    say(`${COMMAND}: ${level}: ${printable(message)}`);
  return { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
}

const REDACTED_HEADERS = new Set(["authorization", "x-api-key", "cookie", "proxy-authorization"]);

// What --dry-run prints: the request as it would leave, credentials redacted.
async function describeRequest(request: Request, secrets: ReadonlySet<string>): Promise<unknown> {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers)
    headers[name] = REDACTED_HEADERS.has(name) && !value.includes("[an OAuth2") ? "[redacted]" : value;
  const text = request.body ? await request.text() : undefined;
  let body: unknown = text;
  try {
    if (text !== undefined) body = JSON.parse(text);
  } catch {
    // Not JSON: shown as text.
  }
  return redactCredentials(
    { method: request.method, url: redactUrl(request.url), headers, ...(text !== undefined && { body }) },
    secrets,
  );
}

interface OutputContext {
  readonly client: Parameters<typeof download>[0];
  readonly request: (
    method: string,
    path: string,
    init: object,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  readonly method: string;
  readonly template: string;
  readonly params: { path: Record<string, string>; query: Record<string, unknown> };
  readonly body: unknown;
  readonly say: (line: string) => void;
}

// --output FILE: the answer's body into FILE, streamed, the file kept only when whole; an answer
// that is a download link (Cognigy's `…/downloadlink` routes) is followed, and that file saved.
async function writeOutput(file: string, context: OutputContext): Promise<number> {
  const { client, request, method, template, params, body, say } = context;
  const result = await request(method, template, { params, body, parseAs: "stream", throwOnError: true });
  const { response } = result;
  let stream = result.data as ReadableStream<Uint8Array> | null | undefined;
  // The file is opened once there is something to put in it (an error answer leaves nothing behind).
  const into = async () => ({ to: await fileSink(resolve(file)), onProgress: progressReporter(file, say) });
  let done: DownloadResult | undefined;
  if (/^application\/(.+\+)?json\b/i.test(response.headers.get("content-type") ?? "") && stream) {
    // A JSON answer is read, as any the client parses, up to its maxBodyBytes, to see whether it is a link.
    const { bytes, complete } = await readLimited(stream, MAX_JSON_ANSWER_BYTES);
    if (!complete)
      throw new CognigyBodyTooLargeError({
        method,
        url: redactUrl(response.url),
        status: response.status,
        contentType: "application/json",
        limitBytes: MAX_JSON_ANSWER_BYTES,
      });
    const answer: unknown = (() => {
      try {
        return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      } catch {
        return undefined;
      }
    })();
    if (hasLink(answer)) done = await download(client, answer as DownloadSource, await into());
    else stream = new Response(bytes).body;
  }
  done ??= await saveBody({ ...result, data: stream ?? null }, response.url, await into());
  say(
    `${COMMAND}: wrote ${file} (${done.bytes.toLocaleString("en")} bytes${done.contentType ? `, ${done.contentType}` : ""})`,
  );
  return 0;
}

/** The largest JSON answer `--output` reads to look for a download link: the client's default maxBodyBytes. */
const MAX_JSON_ANSWER_BYTES = 64 * 2 ** 20;

const hasLink = (data: unknown) =>
  typeof data === "object" &&
  data !== null &&
  ["downloadLink", "link", "url", "href"].some((key) => typeof (data as Record<string, unknown>)[key] === "string");

// Progress on stderr: a line at each tenth of a known size, or each 10 MB of an unknown one.
function progressReporter(
  file: string,
  say: (line: string) => void,
): (progress: { loaded: number; total?: number | undefined }) => void {
  let next = 0;
  return ({ loaded, total }) => {
    const step = total ? total / 10 : 10 * 2 ** 20;
    if (loaded < next || loaded === 0) return;
    next = loaded + step;
    say(
      `${COMMAND}: ${file}: ${(loaded / 2 ** 20).toFixed(1)} MB${total ? ` of ${(total / 2 ** 20).toFixed(1)} MB (${Math.floor((loaded / total) * 100)}%)` : ""}`,
    );
  };
}

const json = (value: unknown, pretty: boolean) => `${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`;

// A failed call: its problem as one JSON line on stderr, exit 1; a refused parameter or a setting
// the client refuses is the command line's mistake, exit 2.
function reportFailure(error: unknown, say: (line: string) => void): number {
  if (isErrorType(error, CognigyValidationError) || isErrorType(error, CognigyConfigError))
    throw new UsageError((error as Error).message);
  if (isErrorType(error, CognigyApiError)) {
    const { name, status, title, detail, traceId, code, method, url, message } = error as CognigyApiError & {
      title?: string;
      detail?: string;
      traceId?: string;
      code?: unknown;
      method?: string;
      url?: string;
    };
    say(JSON.stringify({ error: name, status, title, detail, code, traceId, method, url, message }));
    return 1;
  }
  if (isErrorType(error, CognigyRequestError) || error instanceof CognigyError) {
    const { name, message } = error;
    const { method, url } = error as Partial<CognigyRequestError>;
    say(JSON.stringify({ error: name, message, method, url }));
    return 1;
  }
  throw error;
}

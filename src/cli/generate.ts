/**
 * `cognigy-openapi-client generate …`: the types of the Cognigy.AI version a server runs, as one
 * module for `createCognigyClient({ api })`. The generator's libraries are optional dependencies,
 * loaded only here; without them the command names them.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { resolveBaseUrl } from "../client/environments.js";
import { isPlainHttpAllowed } from "../shared/loopback.js";
import { MAX_TIMER_MS } from "../shared/timers.js";
import { importOptional } from "../errors/missing-dependency.js";
import type { SpecSource } from "../codegen/generate-module.js";
import type { ModuleFormat } from "../codegen/user-module.js";

import { COMMAND, UsageError, wholeNumber, type CommandIo } from "./io.js";

/** What the generate command needs besides the client, as `name@version` for the install line. */
export const GENERATOR_PACKAGES = [
  "openapi-typescript@7.13.0",
  "typescript@5.9.3",
  "yaml@2.9.1",
  "openapi-format@1.33.6",
  "@readme/openapi-parser@9.0.0",
] as const;

export const GENERATE_USAGE = `usage: ${COMMAND} generate (--environment NAME | --url URL | --file PATH) --out FILE [options]

Writes the types of your Cognigy.AI version's API as one module; pass its \`api\` to
createCognigyClient({ api }) to type every call, named method and paginate() from it.

  --environment NAME     trial, app, app-us, or your API host (api-acme.cognigy.cloud):
                         pulls https://<host>/openapi/openapi-viewer.json
  --url URL              pull the spec from this URL
  --file PATH            read the spec from a file (JSON or YAML)
  --out FILE             the module to write: .ts, .mts, .cts (TypeScript), or .js, .mjs, .cjs
                         (JavaScript, with its declaration file beside it)
  --overlay FILE         an OpenAPI Overlay of your own fixes, applied after the package's (repeatable)
  --no-builtin-overlay   leave out the package's fixes of Cognigy's spec defects
  --check                write nothing; exit 1 when FILE is not what the spec gives
  --timeout MS           milliseconds the spec download may take (default 120000)
  --allow-insecure-http  pull over plain http from a host other than this machine

COGNIGY_API_KEY, when set, is sent as the X-API-Key header; it is never printed.
Progress goes to stderr; any failure is one line there and FILE is left as it was: exit code 1, or 2
for a mistake in the command line.`;

/** Runs `generate` with its arguments; resolves to the exit code (1 when `--check` finds the module stale). */
export async function generateCommand(rest: readonly string[], io: CommandIo): Promise<number> {
  const { stdout, stderr: log, env } = io;
  const { values } = parseArgs({
    args: [...rest],
    strict: true,
    options: {
      environment: { type: "string" },
      url: { type: "string" },
      file: { type: "string" },
      out: { type: "string" },
      overlay: { type: "string", multiple: true, default: [] },
      "no-builtin-overlay": { type: "boolean", default: false },
      check: { type: "boolean", default: false },
      timeout: { type: "string", default: "120000" },
      "allow-insecure-http": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    stdout(GENERATE_USAGE);
    return 0;
  }
  const source = specSource(values);
  if (values.out === undefined || values.out === "")
    throw new UsageError("--out FILE is required (e.g. --out src/cognigy-api.ts)");
  const out = resolve(values.out);
  const format = formatOf(out);
  // Milliseconds, as `timeout` is everywhere in the library.
  const timeout = wholeNumber(values.timeout, "--timeout", 1, MAX_TIMER_MS, "milliseconds");
  const pulled = source.kind === "url" ? new URL(source.url) : undefined;
  if (pulled?.protocol === "http:" && !isPlainHttpAllowed(pulled, values["allow-insecure-http"])) {
    throw new UsageError(
      `${pulled.origin} is plain http on another machine: the key and the spec would travel unprotected; use https, or pass --allow-insecure-http`,
    );
  }

  const { generateModule } = await importOptional(
    `${COMMAND} generate`,
    GENERATOR_PACKAGES,
    () => import("../codegen/generate-module.js"),
  );
  const result = await generateModule({
    source,
    out,
    format,
    overlays: values.overlay.map((path) => resolve(path)),
    builtinOverlay: !values["no-builtin-overlay"],
    apiKey: env["COGNIGY_API_KEY"] || undefined,
    allowInsecureHttp: values["allow-insecure-http"],
    timeoutMs: timeout,
    check: values.check,
    log: (line) => log(`generate: ${line}`),
    ...(io.fetch && { fetch: io.fetch }),
  });
  const what = `${result.operations} operations, Cognigy.AI ${result.version}, ${(result.bytes / 1024).toFixed(0)} kB`;
  const shown = result.files.map((file) => relativeToCwd(file)).join(" and ");
  if (result.status === "stale") {
    log(`generate: ${shown} is out of date (${what}): run the command without --check and commit the result`);
    return 1;
  }
  stdout(result.status === "unchanged" ? `unchanged: ${shown} (${what})` : `wrote ${shown} (${what})`);
  return 0;
}

function specSource(values: {
  environment?: string | undefined;
  url?: string | undefined;
  file?: string | undefined;
}): SpecSource {
  const given = (["environment", "url", "file"] as const).filter((name) => values[name] !== undefined);
  if (given.length !== 1)
    throw new UsageError(
      given.length === 0
        ? "say where the spec is: --environment, --url or --file"
        : `--${given.join(" and --")} exclude each other`,
    );
  if (values.file !== undefined) return { kind: "file", path: resolve(values.file) };
  if (values.environment !== undefined) {
    // The environment's API base (https://api-app.cognigy.ai/new); the spec is at the host's root.
    return {
      kind: "url",
      url: new URL("/openapi/openapi-viewer.json", resolveBaseUrl({ environment: values.environment })).href,
    };
  }
  let url: URL;
  try {
    url = new URL(values.url!);
  } catch {
    throw new UsageError(`--url is not a URL: ${JSON.stringify(values.url)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UsageError(`--url must be http(s), got ${url.protocol}`);
  if (url.username || url.password)
    throw new UsageError("--url must not carry a user or password; set COGNIGY_API_KEY instead");
  return { kind: "url", url: url.href };
}

function formatOf(out: string): ModuleFormat {
  if (/\.[mc]?ts$/.test(out)) {
    if (/\.d\.[mc]?ts$/.test(out))
      throw new UsageError(
        "--out names a declaration file; name the module (.ts, or .js with its .d.ts written beside it)",
      );
    return "ts";
  }
  if (out.endsWith(".mjs")) return "esm";
  if (out.endsWith(".cjs")) return "cjs";
  if (out.endsWith(".js")) return packageType(dirname(out)) === "module" ? "esm" : "cjs";
  throw new UsageError(`--out must end in .ts, .mts, .cts, .js, .mjs or .cjs, got ${JSON.stringify(out)}`);
}

// The "type" of the nearest package.json, which decides what a .js file is.
function packageType(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    try {
      return (JSON.parse(readFileSync(join(at, "package.json"), "utf8")) as { type?: string }).type ?? "commonjs";
    } catch {
      if (dirname(at) === at) return undefined;
    }
  }
}

function relativeToCwd(file: string): string {
  const cwd = process.cwd();
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { redactUrl } from "../shared/redact.js";
import type { OverlayDocument } from "./apply-overlay.js";
import { buildApi, type OverlayInput } from "./build-api.js";
import { checkSyntax } from "./check-syntax.js";
import { fetchText } from "./fetch-text.js";
import { readText } from "./read-text.js";
import { canonicalize, listOperations } from "./openapi-document.js";
import { SpecError } from "./spec-error.js";
import { userModule, type ModuleFormat } from "./user-module.js";
import { checkUsable, parseSpecJson } from "./validate-spec.js";

/** Where the spec comes from. */
export type SpecSource =
  { readonly kind: "url"; readonly url: string } | { readonly kind: "file"; readonly path: string };

/** What the generate command was asked to do, its arguments checked. */
export interface GenerateModuleOptions {
  readonly source: SpecSource;
  /** The module to write; JavaScript gets a declaration file beside it. */
  readonly out: string;
  readonly format: ModuleFormat;
  /** The user's own overlays, applied after the package's, in order. */
  readonly overlays: readonly string[];
  /** Apply the package's fixes of Cognigy's spec defects first. */
  readonly builtinOverlay: boolean;
  /** Sent as `X-API-Key` when pulling; never printed. */
  readonly apiKey?: string | undefined;
  readonly timeoutMs: number;
  /** Pull, and follow redirects, over plain http to another machine. */
  readonly allowInsecureHttp?: boolean | undefined;
  /** Write nothing; tell whether the module on disk is what the spec gives. */
  readonly check: boolean;
  /** One line of progress or report (stderr). */
  readonly log: (line: string) => void;
  readonly fetch?: typeof fetch;
}

// How messages name the package's own overlay (openapi/overlay.yaml in the package).
const PACKAGE_OVERLAY = "the package's overlay";

/** What the command did. */
export interface GenerateModuleResult {
  /** `stale` only with `check`: the module on disk differs from what the spec gives. */
  readonly status: "written" | "unchanged" | "stale";
  readonly files: readonly string[];
  readonly version: string;
  readonly operations: number;
  readonly bytes: number;
}

/**
 * The generate command: reads the spec (URL or file), applies the package's overlay (tolerantly:
 * fixes a spec does not need are reported, not refused) and the user's, runs the pipeline, and
 * writes one module, replacing the old one only once the whole new one exists. Any failure leaves
 * the output untouched.
 *
 * @throws SpecError with a one-line message naming the input at fault.
 */
export async function generateModule(options: GenerateModuleOptions): Promise<GenerateModuleResult> {
  const { log } = options;
  const started = Date.now();
  const { document, label } = await readSpec(options);
  const raw = canonicalize(checkUsable(document, label));
  log(`read ${label}: ${listOperations(raw).length} operations, Cognigy.AI ${raw.info.version ?? "(no info.version)"}`);

  const overlays: OverlayInput[] = [];
  if (options.builtinOverlay)
    overlays.push({ document: await readOverlay(bundledOverlayPath()), origin: PACKAGE_OVERLAY, tolerant: true });
  for (const path of options.overlays)
    overlays.push({ document: await readOverlay(path), origin: path, tolerant: true, requireDescriptions: false });
  const builtAt = Date.now();
  log("generating types…");
  const built = await buildApi(raw, overlays, {
    onRepair: (repair) => log(`repaired ${repair}`),
    onUnmatched: (origin, actions) =>
      log(
        origin === PACKAGE_OVERLAY
          ? `${actions.length} of the package's fixes not needed: this spec does not have those defects`
          : `${origin}: ${actions.length} action(s) matched nothing and were skipped: ${actions.join("; ")}`,
      ),
  });
  const operations = listOperations(built.normalized).length;
  log(`generated the types of ${operations} operations in ${((Date.now() - builtAt) / 1000).toFixed(1)} s`);

  const files = userModule(built, options.format, sourceLabel(options.source));
  const targets: Array<[string, string]> = [[options.out, files.module]];
  if (files.declarations !== undefined) targets.push([declarationPath(options.out), files.declarations]);
  for (const [path, text] of targets) checkSyntax(basename(path), text);
  const bytes = targets.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0);
  const current = await Promise.all(targets.map(([path]) => readFile(path, "utf8").catch(() => undefined)));
  const same = targets.every(([, text], index) => current[index] === text);
  const result = { files: targets.map(([path]) => path), version: built.version, operations, bytes };
  if (options.check) return { ...result, status: same ? "unchanged" : "stale" };
  if (same) return { ...result, status: "unchanged" };
  await writeAll(targets);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { ...result, status: "written" };
}

/** The declaration file beside a JavaScript module: `api.js` → `api.d.ts`, `.mjs` → `.d.mts`, `.cjs` → `.d.cts`. */
export function declarationPath(out: string): string {
  return out.replace(/\.(m|c)?js$/, (_, kind: string | undefined) => `.d.${kind ?? ""}ts`);
}

async function readSpec(options: GenerateModuleOptions): Promise<{ document: unknown; label: string }> {
  const { source } = options;
  if (source.kind === "file") {
    const text = await readText(source.path);
    return {
      document: /\.ya?ml$/i.test(source.path) ? parseYamlSpec(text, source.path) : parseSpecJson(text, source.path),
      label: source.path,
    };
  }
  const label = redactUrl(source.url);
  options.log(`pulling ${label}${options.apiKey ? " (with COGNIGY_API_KEY)" : ""}…`);
  const { body } = await fetchText(source.url, {
    headers: { Accept: "application/json" },
    apiKey: options.apiKey,
    allowInsecureHttp: options.allowInsecureHttp,
    timeoutMs: options.timeoutMs,
    ...(options.fetch && { fetch: options.fetch }),
  });
  options.log(`pulled ${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB`);
  return { document: parseSpecJson(body, label), label };
}

function parseYamlSpec(text: string, origin: string): unknown {
  try {
    // Aliases expand: a few lines can stand for gigabytes (a "billion laughs" document).
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new SpecError(`${origin}: not valid YAML (${(error as Error).message})`, { cause: error });
  }
}

async function readOverlay(path: string): Promise<OverlayDocument> {
  const text = await readText(path, "overlay ");
  try {
    return parseYaml(text, { maxAliasCount: 100 }) as OverlayDocument;
  } catch (error) {
    throw new SpecError(`overlay ${path}: not valid YAML or JSON (${(error as Error).message})`, { cause: error });
  }
}

// The package's overlay, openapi/overlay.yaml: beside dist/ in the installed package, two folders
// up from src/codegen/ in this repository.
function bundledOverlayPath(): string {
  const candidates = ["../openapi/overlay.yaml", "../../openapi/overlay.yaml"].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new SpecError(
      `the package's overlay is missing (looked for ${candidates.join(", ")}); reinstall cognigy-openapi-client`,
    );
  return found;
}

// What the module's header names as its source: no query string (it may hold a key), no local directories.
function sourceLabel(source: SpecSource): string {
  if (source.kind === "file") return basename(source.path);
  const url = new URL(source.url);
  return `${url.origin}${url.pathname}`;
}

// Every file is written beside its target first and renamed over it only when all are complete.
async function writeAll(targets: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const temporary = targets.map(([path]) => `${path}.${process.pid}.tmp`);
  try {
    for (const [index, [path, text]] of targets.entries()) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary[index]!, text);
    }
    // Declarations first: a module never sits beside declarations of another spec.
    for (const index of [...targets.keys()].reverse()) await rename(temporary[index]!, targets[index]![0]);
  } catch (error) {
    await Promise.all(temporary.map((path) => rm(path, { force: true })));
    throw new SpecError(`cannot write ${targets[0]![0]}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
}

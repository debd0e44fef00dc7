/**
 * npm run spec:diff -- OLD NEW [--json] [--markdown-out FILE] [--json-out FILE] [--fail-on-breaking]
 *
 * Reports what changed between two OpenAPI documents (JSON or YAML), each change classified
 * breaking or not. Markdown on stdout by default (for a PR body), JSON with --json.
 */
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import type { OpenApiDocument } from "../../src/codegen/openapi-document.js";
import { runCli } from "../lib/cli.js";
import { SpecError } from "../../src/codegen/spec-error.js";
import { diffSpecs, toMarkdown } from "./lib/spec-diff.js";

async function load(file: string): Promise<OpenApiDocument> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new SpecError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  try {
    const document = (file.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as OpenApiDocument;
    if (typeof document?.openapi !== "string") throw new Error("no openapi field");
    return document;
  } catch (error) {
    throw new SpecError(`${file} is not an OpenAPI document (${(error as Error).message})`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      "markdown-out": { type: "string" },
      "json-out": { type: "string" },
      "fail-on-breaking": { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 2)
    throw new SpecError(
      "usage: npm run spec:diff -- OLD NEW [--json] [--markdown-out FILE] [--json-out FILE] [--fail-on-breaking]",
    );
  const report = diffSpecs(await load(positionals[0]!), await load(positionals[1]!));
  const markdown = toMarkdown(report);
  if (values["markdown-out"]) await writeFile(values["markdown-out"], markdown);
  if (values["json-out"]) await writeFile(values["json-out"], `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : markdown);
  return values["fail-on-breaking"] && report.counts.breaking > 0 ? 2 : 0;
}

runCli("spec:diff", main);

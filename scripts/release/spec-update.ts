/**
 * npm run spec:update [-- --url URL | --from-docs SOURCE...] [--report FILE] [--skip-tests]
 *
 * One command from a new Cognigy release to a tested client: pull → diff against the committed
 * snapshot → generate → type-check → test. The first failing step stops it and puts openapi/,
 * generated/ and package.json back as they were. On success it records the spec version and a
 * changeset whose bump follows the diff (breaking → major, additions → minor, else patch), and
 * prints the report (also written to --report, e.g. as a pull request body).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { OpenApiDocument } from "../../src/codegen/openapi-document.js";
import { SNAPSHOT_FILE, SOURCE_FILE } from "../codegen/lib/snapshot.js";
import { diffSpecs, toMarkdown, type SpecDiffReport } from "../codegen/lib/spec-diff.js";
import { runStep } from "../lib/run-node.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string" },
    "from-docs": { type: "boolean", default: false },
    concurrency: { type: "string" },
    timeout: { type: "string" },
    report: { type: "string" },
    "skip-tests": { type: "boolean", default: false },
  },
});

const work = await mkdtemp(join(tmpdir(), "cognigy-spec-update-"));
const staged = join(work, "openapi");
await cp("openapi", staged, { recursive: true });
await cp("openapi", join(work, "backup-openapi"), { recursive: true });
await cp("generated", join(work, "backup-generated"), { recursive: true });
await cp("package.json", join(work, "backup-package.json"));
let applied = false;

try {
  const pullArgs = [
    ...(values.url ? ["--url", values.url] : []),
    ...(values["from-docs"] ? ["--from-docs"] : []),
    ...(values.concurrency ? ["--concurrency", values.concurrency] : []),
    ...(values.timeout ? ["--timeout", values.timeout] : []),
    ...positionals,
  ];
  await step("pull", ["--import", "tsx", "scripts/codegen/spec-pull.ts", "--out", staged, ...pullArgs]);
  const before = JSON.parse(await readFile(join("openapi", SNAPSHOT_FILE), "utf8")) as OpenApiDocument;
  const after = JSON.parse(await readFile(join(staged, SNAPSHOT_FILE), "utf8")) as OpenApiDocument;
  const report = diffSpecs(before, after);
  const markdown = toMarkdown(report);
  if (values.report) await writeFile(values.report, markdown);
  if (report.changes.length === 0 && JSON.stringify(before) === JSON.stringify(after)) {
    console.log("spec:update: the committed snapshot is already this spec; nothing to do.");
  } else {
    applied = true;
    await cp(join(staged, SNAPSHOT_FILE), join("openapi", SNAPSHOT_FILE));
    await cp(join(staged, SOURCE_FILE), join("openapi", SOURCE_FILE));
    await step("generate", ["--import", "tsx", "scripts/codegen/generate.ts"]);
    await recordSpecVersion(after.info.version ?? "unknown");
    await step("typecheck", ["node_modules/typescript/bin/tsc", "-p", "."]);
    if (!values["skip-tests"]) await step("test", ["node_modules/vitest/vitest.mjs", "run"]);
    await writeChangeset(report);
    console.log(`\n${markdown}`);
    console.log(`spec:update: openapi/, generated/, package.json and a changeset are updated; review and commit them.`);
  }
} catch (error) {
  if (applied) await restore();
  console.error(
    `spec:update failed: ${(error as Error).message}${applied ? "; openapi/, generated/ and package.json are back as they were" : "; nothing was changed"}`,
  );
  process.exitCode = 1;
} finally {
  await rm(work, { recursive: true, force: true });
}

async function step(name: string, args: string[]): Promise<void> {
  console.error(`spec:update: ${name}…`);
  await runStep(name, args);
}

async function restore(): Promise<void> {
  await rm("openapi", { recursive: true, force: true });
  await rm("generated", { recursive: true, force: true });
  await cp(join(work, "backup-openapi"), "openapi", { recursive: true });
  await cp(join(work, "backup-generated"), "generated", { recursive: true });
  await cp(join(work, "backup-package.json"), "package.json");
}

// package.json names the Cognigy release the client is generated from (SPEC_VERSION says it at run time).
async function recordSpecVersion(version: string): Promise<void> {
  const text = await readFile("package.json", "utf8");
  const manifest = JSON.parse(text) as { cognigy?: { specVersion?: string } };
  manifest.cognigy = { ...manifest.cognigy, specVersion: version };
  await writeFile("package.json", `${JSON.stringify(manifest, null, 2)}\n`);
}

async function writeChangeset(report: SpecDiffReport): Promise<void> {
  const bump =
    report.counts.breaking > 0
      ? "major"
      : report.operations.added.length + report.schemas.added.length + report.counts["non-breaking"] > 0
        ? "minor"
        : "patch";
  const name = (JSON.parse(await readFile("package.json", "utf8")) as { name: string }).name;
  const body = [
    "---",
    `"${name}": ${bump}`,
    "---",
    "",
    `Generated from Cognigy.AI ${report.to ?? "?"} (was ${report.from ?? "?"}): ${report.counts.breaking} breaking and ${report.counts["non-breaking"]} non-breaking changes.`,
    ...report.operations.added.map((op) => `- added \`${op}\``),
    ...report.operations.removed.map((op) => `- removed \`${op}\``),
    ...report.operations.changed.map((op) => `- changed \`${op}\``),
    "",
  ].join("\n");
  await writeFile(join(".changeset", `cognigy-${(report.to ?? "spec").replace(/[^\w.-]/g, "-")}.md`), body);
}

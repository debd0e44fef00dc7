/**
 * npm run test:scale — the normal pipeline and tests once against the full-size synthetic spec
 * (opt-in: it takes a few minutes). In a throw-away copy of the project it writes the synthetic
 * spec as the snapshot, then runs, each timed and stopping at the first failure:
 *
 *   1. `npm run generate` (overlay, validation, hoisting, types, operation table);
 *   2. `npm run typecheck`: src/, scripts/ and every test compiled against the full-size types;
 *   3. the contract test over CONTRACT_SAMPLE operations (default 40) spread over the spec, with
 *      Prism started from the full-size normalized spec (global setup and the test's own);
 *   4. the named-operations test: every operation of the full-size spec reachable by name.
 *
 * Before that, in this process: every operation gets a name of its own, and the same names when
 * the spec's paths come in another order.
 *
 * Options: --sample N (operations in the contract test), --keep (leave the copy for a look).
 */
import { rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { listOperations } from "../../src/codegen/openapi-document.js";
import { runStep } from "../lib/run-node.js";
import { copyProject } from "./project-copy.js";
import { syntheticSpec } from "../codegen/lib/synthetic-spec.js";
import { nameOperations } from "../../src/codegen/operation-names.js";
import { repairSpec } from "../../src/codegen/spec-problems.js";
import type { OpenApiDocument } from "../../src/codegen/openapi-document.js";

const { values } = parseArgs({
  options: { sample: { type: "string", default: "40" }, keep: { type: "boolean", default: false } },
});
const sample = Number(values.sample);
if (!Number.isInteger(sample) || sample < 1) {
  console.error(`test:scale: --sample must be a whole number ≥ 1, got ${JSON.stringify(values.sample)}`);
  process.exit(2);
}

const root = resolve(".");
const copy = await copyProject(root, "cognigy-scale-");

// Runs a step in the copy, its output passed through; resolves to seconds and peak MB.
const step = async (name: string, args: string[], env: Record<string, string> = {}) => {
  console.error(`test:scale: ${name}…`);
  const { seconds: s, peakMb: mb } = (await runStep(name, args, { cwd: copy, env, measure: true }))!;
  return { s, mb };
};

const figures: string[] = [];
try {
  const spec = syntheticSpec();
  const operations = listOperations(spec).length;
  const named = checkNames(repairSpec(spec).spec);
  figures.push(`names: ${named.names} operations, each with a name of its own, the same when the paths are reversed`);
  await writeFile(join(copy, "openapi/cognigy.openapi.json"), `${JSON.stringify(spec, null, 2)}\n`);
  const mb = (await stat(join(copy, "openapi/cognigy.openapi.json"))).size / 1e6;
  figures.push(`spec: ${operations} operations, ${mb.toFixed(1)} MB (pretty-printed, as the snapshot is kept)`);

  const generate = await step("generate", ["--import", "tsx", "scripts/codegen/generate.ts"]);
  const types = (await stat(join(copy, "generated/schema.ts"))).size / 1e6;
  figures.push(
    `generate: ${generate.s.toFixed(1)} s, ${generate.mb.toFixed(0)} MB peak; generated/schema.ts ${types.toFixed(1)} MB`,
  );

  const typecheck = await step("typecheck", ["node_modules/typescript/bin/tsc", "-p", "."]);
  figures.push(`typecheck (src, scripts, tests): ${typecheck.s.toFixed(1)} s, ${typecheck.mb.toFixed(0)} MB peak`);

  const contract = await step(
    `contract test over ${sample} of ${operations} operations`,
    ["node_modules/vitest/vitest.mjs", "run", "test/contract.test.ts"],
    { CONTRACT_SAMPLE: String(sample) },
  );
  figures.push(
    `contract test (${sample} operations, Prism started twice on the full spec): ${contract.s.toFixed(1)} s, ${contract.mb.toFixed(0)} MB peak`,
  );

  const reachable = await step("named operations test", [
    "node_modules/vitest/vitest.mjs",
    "run",
    "test/named-operations.test.ts",
  ]);
  figures.push(`named operations (every operation reachable by name): ${reachable.s.toFixed(1)} s`);
  console.log(["test:scale passed", ...figures.map((line) => `- ${line}`)].join("\n"));
} catch (error) {
  console.error([`test:scale failed: ${(error as Error).message}`, ...figures.map((line) => `- ${line}`)].join("\n"));
  process.exitCode = 1;
} finally {
  if (values.keep) console.error(`test:scale: the copy is in ${copy}`);
  else await rm(copy, { recursive: true, force: true });
}

// Every operation named, each name its own, and the names independent of the order of the paths.
function checkNames(spec: OpenApiDocument): { names: number } {
  const names = nameOperations(spec);
  const reversed = nameOperations({ ...spec, paths: Object.fromEntries(Object.entries(spec.paths).reverse()) });
  const key = (name: (typeof names)[number]) => `${name.httpMethod} ${name.path} → ${name.namespace}.${name.method}`;
  const taken = new Set(names.map((name) => `${name.namespace}.${name.method}`));
  if (taken.size !== names.length) throw new Error(`${names.length - taken.size} operations share a name`);
  const before = new Set(names.map(key));
  const moved = reversed.filter((name) => !before.has(key(name)));
  if (moved.length > 0)
    throw new Error(`names depend on the order of the spec: ${moved.map(key).slice(0, 5).join("; ")}`);
  return { names: names.length };
}

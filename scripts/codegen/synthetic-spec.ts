/** npm run spec:synthetic -- [OUT] — writes the full-size synthetic spec (default .bench/synthetic.openapi.json). */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { listOperations } from "../../src/codegen/openapi-document.js";
import { syntheticSpec } from "./lib/synthetic-spec.js";

const out = process.argv[2] ?? ".bench/synthetic.openapi.json";
const spec = syntheticSpec();
// Minified, like the published spec (~7 MB); the pipeline pretty-prints its own snapshot.
const text = JSON.stringify(spec);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, text);
console.log(
  `wrote ${out}: ${listOperations(spec).length} operations, ${new Set(listOperations(spec).flatMap(([, , op]) => op["tags"] as string[])).size} tags, ${(text.length / 1e6).toFixed(1)} MB`,
);

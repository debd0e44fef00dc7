/** `generate-child.ts SPEC_DIR OUT_DIR` — our generator on one spec folder, into OUT_DIR (for the bench). */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateFiles } from "../codegen/lib/generate-files.js";

const [specDir, outDir] = process.argv.slice(2) as [string, string];
const files = await generateFiles(specDir);
await mkdir(outDir, { recursive: true });
for (const [name, contents] of files) await writeFile(join(outDir, name), contents);

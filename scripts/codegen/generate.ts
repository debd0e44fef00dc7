/**
 * npm run generate          write generated/ from openapi/ (overlay applied, types, operation table)
 * npm run generate:check    exit 1 when generated/ differs from what the generator would write
 *                           (README.md's scope statement included)
 */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { findStaleFiles, generateFiles, withScope } from "./lib/generate-files.js";
import { writeFileAtomic } from "./lib/snapshot.js";
import { runCli } from "../lib/cli.js";

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: "boolean", default: false },
      spec: { type: "string", default: "openapi" },
      out: { type: "string", default: "generated" },
      // The README whose scope statement is kept with generated/: the project's own, unless told.
      readme: { type: "string" },
    },
  });
  const readmePath = values.readme ?? (values.out === "generated" ? "README.md" : undefined);
  const files = await generateFiles(values.spec, (repair) => console.error(`generate: repaired ${repair}`));

  if (values.check) {
    const stale = await findStaleFiles(files, values.out);
    if (readmePath !== undefined) {
      const readme = await readFile(readmePath, "utf8");
      if (readme !== withScope(readme, files.get("scope.md")!))
        stale.push(`${readmePath}'s scope statement (between <!-- scope --> marks)`);
    }
    if (stale.length > 0) {
      console.error(
        `generate:check failed: ${values.out}/ is stale: ${stale.join(", ")}. Run \`npm run generate\` and commit the result.`,
      );
      return 1;
    }
    console.log(`${values.out}/ is up to date (${files.size} files)`);
    return 0;
  }

  await mkdir(values.out, { recursive: true });
  for (const name of await readdir(values.out))
    if (!files.has(name)) await rm(join(values.out, name), { recursive: true });
  for (const [name, contents] of files) await writeFileAtomic(join(values.out, name), contents);
  if (readmePath !== undefined) {
    const readme = await readFile(readmePath, "utf8");
    const updated = withScope(readme, files.get("scope.md")!);
    if (updated !== readme) await writeFileAtomic(readmePath, updated);
  }
  console.log(`wrote ${[...files.keys()].map((name) => `${values.out}/${name}`).join(", ")}`);
  return 0;
}

runCli("generate", main);

/**
 * npm run generate          write generated/ from openapi/ (overlay applied, types, operation table)
 * npm run generate:check    exit 1 when generated/ differs from what the generator would write
 */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateFiles } from "./lib/generate-files.js";
import { writeFileAtomic } from "./lib/snapshot.js";
import { isSpecError } from "./lib/spec-error.js";

const README = `# generated/ — do not edit

Everything here is written by \`npm run generate\` from \`openapi/cognigy.openapi.json\` (the raw
Cognigy spec) and \`openapi/overlay.yaml\` (our fixes to it). \`npm run generate:check\` fails when
these files are stale or were edited by hand.

- \`openapi.json\` — the normalized spec (overlay applied); Prism and the contract tests serve it.
- \`schema.ts\` — openapi-typescript's types (\`paths\`, \`components\`, \`operations\`).
- \`operations.ts\` — each operationId with its method, path and constrained parameters.

Only \`src/spec.ts\` imports from here.
`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: "boolean", default: false },
      spec: { type: "string", default: "openapi" },
      out: { type: "string", default: "generated" },
    },
  });
  const files = await generateFiles(values.spec);
  files.set("README.md", README);

  if (values.check) {
    const stale: string[] = [];
    for (const [name, contents] of files) {
      const current = await readFile(join(values.out, name), "utf8").catch(() => undefined);
      if (current !== contents) stale.push(current === undefined ? `${name} (missing)` : name);
    }
    const extra = (await readdir(values.out).catch(() => [] as string[])).filter((name) => !files.has(name));
    stale.push(...extra.map((name) => `${name} (not written by the generator)`));
    if (stale.length > 0) {
      console.error(`generate:check failed: ${values.out}/ is stale: ${stale.join(", ")}. Run \`npm run generate\` and commit the result.`);
      return 1;
    }
    console.log(`${values.out}/ is up to date (${files.size} files)`);
    return 0;
  }

  await mkdir(values.out, { recursive: true });
  for (const name of await readdir(values.out)) if (!files.has(name)) await rm(join(values.out, name), { recursive: true });
  for (const [name, contents] of files) await writeFileAtomic(join(values.out, name), contents);
  console.log(`wrote ${[...files.keys()].map((name) => `${values.out}/${name}`).join(", ")}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`generate failed: ${isSpecError(error) ? (error as Error).message : String((error as Error)?.stack ?? error)}`);
    process.exit(1);
  },
);

import { cp, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// What a copy needs to generate, type-check and run the tests, README examples included (the slow
// release suite left out).
const ENTRIES = [
  "openapi",
  "generated",
  "scripts",
  "src",
  "test",
  ".changeset",
  "package.json",
  "tsconfig.json",
  "eslint.config.js",
  "README.md",
];

/**
 * Copies the project at `root` into a new folder under the system's temp dir (named with `prefix`)
 * for a run that must not touch the real one: sources, spec, tests and every `*.config.ts`, with
 * `node_modules` linked rather than copied. The caller removes the folder.
 */
export async function copyProject(root: string, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (const entry of ENTRIES) await cp(join(root, entry), join(dir, entry), { recursive: true });
  await rm(join(dir, "test/release"), { recursive: true, force: true });
  for (const config of await readdir(root))
    if (config.endsWith(".config.ts")) await cp(join(root, config), join(dir, config));
  await symlink(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

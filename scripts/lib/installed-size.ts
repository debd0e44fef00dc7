import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Bytes (apparent size: what the files hold, not the disk blocks they take) of each package in a
 * node_modules folder, scoped ones by their full name (`@scope/name`). For the install-size check
 * of the release test and the bench.
 */
export async function installedSizes(modules: string): Promise<Map<string, number>> {
  const sizeOf = async (path: string): Promise<number> => {
    const stat = await lstat(path);
    if (!stat.isDirectory()) return stat.size;
    let total = 0;
    for (const entry of await readdir(path)) total += await sizeOf(join(path, entry));
    return total;
  };
  const sizes = new Map<string, number>();
  for (const entry of await readdir(modules)) {
    if (entry.startsWith(".")) continue;
    const names = entry.startsWith("@")
      ? (await readdir(join(modules, entry))).map((name) => `${entry}/${name}`)
      : [entry];
    for (const name of names) sizes.set(name, await sizeOf(join(modules, name)));
  }
  return sizes;
}

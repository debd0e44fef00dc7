import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]));

describe("src/", () => {
  test("only src/spec.ts imports from generated/", () => {
    const importers = sourceFiles("src").filter((file) => /from\s+["'][^"']*generated\//.test(readFileSync(file, "utf8")));
    expect(importers).toEqual([join("src", "spec.ts")]);
  });

  test("imports nothing Node-specific, so it runs wherever fetch exists", () => {
    const nodeImports = sourceFiles("src").filter((file) => /from\s+["']node:/.test(readFileSync(file, "utf8")));
    expect(nodeImports).toEqual([]);
  });
});

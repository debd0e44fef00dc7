import { readFile } from "node:fs/promises";
import { SpecError } from "./spec-error.js";

/**
 * A file's text, or a one-line SpecError naming the file and why it cannot be read (`ENOENT` …).
 * `what` names the file's role in the message, e.g. `"overlay "`.
 */
export async function readText(file: string, what = ""): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new SpecError(`cannot read ${what}${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
}

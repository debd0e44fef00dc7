import { readFile, stat } from "node:fs/promises";
import { MAX_DOCUMENT_BYTES } from "../shared/document-bounds.js";
import { SpecError } from "./spec-error.js";

/**
 * A file's text, or a one-line SpecError naming the file and why it cannot be read (`ENOENT`, too large …).
 * `what` names the file's role in the message, e.g. `"overlay "`.
 */
export async function readText(file: string, what = ""): Promise<string> {
  try {
    const { size } = await stat(file);
    if (size > MAX_DOCUMENT_BYTES)
      throw new SpecError(
        `cannot read ${what}${file}: ${(size / 1024 / 1024).toFixed(0)} MB is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB, the most this generator reads`,
      );
    return await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof SpecError) throw error;
    throw new SpecError(`cannot read ${what}${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
}

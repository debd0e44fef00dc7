import ts from "typescript";
import { SpecError } from "./spec-error.js";

/**
 * Refuses generated code that does not parse, before it is written: the emitter (emit.ts) keeps spec
 * text out of the syntax, so a failure here is a bug of the generator, reported as one.
 *
 * @throws SpecError naming the file, the first syntax error and its line.
 */
export function checkSyntax(fileName: string, text: string): void {
  const kind = /\.[cm]?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, kind);
  // What the parser found, without type-checking: transpileModule has no output for a .d.ts, and
  // a program would type-check megabytes the caller does not need checked.
  const [first] = (file as unknown as { parseDiagnostics: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  if (!first) return;
  const line = file.getLineAndCharacterOfPosition(first.start).line + 1;
  const message = ts.flattenDiagnosticMessageText(first.messageText, " ");
  throw new SpecError(
    `a bug of the generator: the code written for ${fileName} does not parse (line ${line}: ${message}); please report it with the spec`,
  );
}

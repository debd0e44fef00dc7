import { isSpecError } from "../../src/codegen/spec-error.js";

/**
 * Runs a script's `main` and exits with its code. A SpecError (or a bad argument, which node's
 * parseArgs reports, then followed by the first line of `usage`) is printed as one line,
 * `<name> failed: <message>`; anything else is a bug and is printed with its stack. Either way the
 * exit code is 1.
 */
export function runCli(name: string, main: (argv: string[]) => Promise<number>, usage?: string): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const known = isSpecError(error) || isArgumentError(error);
      console.error(`${name} failed: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}`);
      if (isArgumentError(error) && usage) console.error(usage.split("\n")[0]);
      process.exit(1);
    },
  );
}

function isArgumentError(error: unknown): boolean {
  return error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS");
}

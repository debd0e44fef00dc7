/**
 * The package's command, `cognigy-openapi-client`: `generate` writes the types of a Cognigy.AI
 * version; `call`, `api` and `operations` use the API from the shell on the package's own client.
 * Each command's code loads only when it runs, so a call starts up light.
 */
import { readFileSync } from "node:fs";
import { CognigyError } from "../errors/base.js";
import { COMMAND, PROCESS_IO, UsageError, type CommandIo } from "./io.js";

export { UsageError, type CommandIo } from "./io.js";

const USAGE = `usage: ${COMMAND} <command> [options]   (${COMMAND} <command> --help for its options)

  call <namespace.method>   call a named operation: call aiAgents.get -p aiAgentId=…
  api <METHOD> <path>       call any route: api GET /v2.0/aiagents/{aiAgentId} -p aiAgentId=…
  operations [--search T]   list the operations: names, methods, paths, summaries, docs pages
  generate                  write the types of your Cognigy.AI version as one module
  mock                      a local stand-in for Cognigy.AI (Prism of the bundled spec), to try it all

Exit codes: 0 done, 1 an API, network or generation failure, 2 a mistake in the command line.`;

/**
 * Runs the command for `argv` (without node and the script); resolves to the exit code.
 *
 * @throws UsageError for a mistake in the command line; SpecError or CognigyError for a failure
 * `generate` reports as one line. `call` and `api` report an API or network failure themselves (exit 1).
 */
export async function main(argv: readonly string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version") {
    io.stdout(packageVersion());
    return 0;
  }
  if (command === "generate") return (await import("./generate.js")).generateCommand(rest, io);
  if (command === "call" || command === "api")
    return (await import("./api-commands.js")).callCommand(command, rest, io);
  if (command === "operations") return (await import("./api-commands.js")).operationsCommand(rest, io);
  if (command === "mock") {
    const server = await (await import("./mock.js")).startMock(rest, io);
    if (!server) return 0;
    // Serves until the process is told to stop.
    await new Promise<void>((resolve) => {
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
    });
    await server.close();
    return 0;
  }
  throw new UsageError(
    `unknown command ${JSON.stringify(command)}; the commands are call, api, operations, generate and mock`,
  );
}

function packageVersion(): string {
  for (const relative of ["../package.json", "../../package.json"]) {
    try {
      return (JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as { version: string }).version;
    } catch {
      // Try the next place: dist/ in the package, src/cli/ in the repository.
    }
  }
  return "unknown";
}

/**
 * Runs {@link main} as the process: the exit code it gives; for a failure, one line on stderr and
 * exit code 2 for a mistake in the command line (with a pointer to the usage), 1 for anything else.
 * Set COGNIGY_DEBUG=1 for the stack.
 */
export function run(argv: readonly string[]): void {
  // A closed pipe (`| head`) ends the output quietly, as shell tools do.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  const [command = ""] = argv;
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const usage =
        error instanceof UsageError ||
        (error instanceof TypeError && String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS"));
      const known = usage || error instanceof CognigyError || (error instanceof Error && error.name === "SpecError");
      const message = error instanceof Error ? error.message.replace(/\s*\n\s*/g, " ") : String(error);
      const what = ["generate", "call", "api", "operations", "mock"].includes(command)
        ? `${COMMAND} ${command}`
        : COMMAND;
      console.error(
        `${what} failed: ${message}${known ? "" : " (an unexpected error: please report it; COGNIGY_DEBUG=1 prints the stack)"}`,
      );
      if (usage) console.error(`see: ${what} --help`);
      if (process.env["COGNIGY_DEBUG"] && error instanceof Error) console.error(error.stack);
      process.exitCode = usage ? 2 : 1;
    },
  );
}

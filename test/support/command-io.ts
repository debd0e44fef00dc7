import type { CommandIo } from "../../src/cli/index.js";

/**
 * The command's input and output in memory, for running it in-process: the lines it prints on
 * stdout and stderr, what it streams, and `stdin` for `--data -`.
 */
export function memoryIo(
  env: Record<string, string | undefined> = {},
  options: { stdin?: string; isTTY?: boolean; fetch?: typeof fetch } = {},
) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written: string[] = [];
  const io: CommandIo = {
    env,
    stdout: (line) => void stdout.push(line),
    stderr: (line) => void stderr.push(line),
    write: (chunk) => {
      written.push(typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk));
      return Promise.resolve();
    },
    stdin: () => Promise.resolve(options.stdin ?? ""),
    isTTY: options.isTTY ?? false,
    ...(options.fetch && { fetch: options.fetch }),
  };
  return { io, stdout, stderr, output: () => written.join("") };
}

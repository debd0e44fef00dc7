import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Where and how a script runs: its folder and extra environment. */
export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** How a script run ended. */
export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Node with tsx and `node` flags, then `script` and its arguments: how every TypeScript script is run. */
export function nodeArgs(script: string, args: readonly string[] = [], flags: readonly string[] = []): string[] {
  return [...flags, "--import", "tsx", script, ...args];
}

/** Runs a TypeScript script in a child Node and resolves to its exit code and output, however it ended. */
export function runScript(
  script: string,
  args: readonly string[],
  options: RunOptions & { flags?: readonly string[] } = {},
): Promise<ScriptResult> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      nodeArgs(script, args, options.flags),
      { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 64 * 2 ** 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/**
 * One step of a longer job: `node ARGS` with the terminal's output. Rejects naming the step when it
 * fails. With `measure`, it runs under GNU time and resolves to wall seconds and peak MB.
 */
export async function runStep(
  name: string,
  args: readonly string[],
  options: RunOptions & { measure?: boolean } = {},
): Promise<{ seconds: number; peakMb: number } | undefined> {
  // GNU time writes its figures to a file of their own, apart from the step's output.
  const figures = options.measure ? join(await mkdtemp(join(tmpdir(), "run-step-")), "time") : undefined;
  const [command, commandArgs] = figures
    ? ["/usr/bin/time", ["-f", "%e %M", "-o", figures, process.execPath, ...args]]
    : [process.execPath, [...args]];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", (error) => reject(new Error(`${name}: ${error.message}`)));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}`))));
  });
  if (!figures) return undefined;
  const [seconds, kb] = (await readFile(figures, "utf8")).trim().split(/\s+/).slice(-2).map(Number) as [number, number];
  await rm(dirname(figures), { recursive: true, force: true });
  return { seconds, peakMb: kb / 1024 };
}

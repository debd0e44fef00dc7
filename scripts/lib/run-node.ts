import { execFile, spawn } from "node:child_process";

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
export function runScript(script: string, args: readonly string[], options: RunOptions & { flags?: readonly string[] } = {}): Promise<ScriptResult> {
  return new Promise((resolve) =>
    execFile(process.execPath, nodeArgs(script, args, options.flags), { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/**
 * One step of a longer job: `node ARGS` with the terminal's output. Rejects naming the step when it
 * fails. With `measure`, it runs under GNU time and resolves to wall seconds and peak MB.
 */
export function runStep(name: string, args: readonly string[], options: RunOptions & { measure?: boolean } = {}): Promise<{ seconds: number; peakMb: number } | undefined> {
  const [command, commandArgs] = options.measure ? ["/usr/bin/time", ["-f", "TIME %e %M", process.execPath, ...args]] : [process.execPath, [...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "inherit", "pipe"] });
    let tail = "";
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-200);
      process.stderr.write(text.replace(/^TIME .*\n?/m, ""));
    });
    child.on("error", (error) => reject(new Error(`${name}: ${error.message}`)));
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${name} exited with ${code}`));
      const figures = /TIME (\S+) (\S+)/.exec(tail)?.slice(1).map(Number);
      resolve(figures && { seconds: figures[0]!, peakMb: figures[1]! / 1024 });
    });
  });
}

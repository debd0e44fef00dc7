/**
 * npm run bench — measures the client against baselines taken in the same run and prints a
 * markdown table of medians and ratios (also written to BENCHMARKS.md). See BENCHMARKS.md for
 * what each row means and the targets.
 */
import { execFile, spawn } from "node:child_process";
import { appendFile, cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { listOperations } from "../../src/codegen/openapi-document.js";
import { syntheticSpec } from "../codegen/lib/synthetic-spec.js";
import { nameOperations } from "../../src/codegen/operation-names.js";
import { listen } from "../../src/testing/servers/listen.js";
import { installedSizes } from "../lib/installed-size.js";
import { runScript, runStep } from "../lib/run-node.js";
import { median } from "./median.js";

const run = promisify(execFile);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3);
const REQUESTS = Number(process.env["BENCH_REQUESTS"] ?? 20_000);
const root = resolve(".");
const work = join(root, ".bench");
const rows: string[][] = [];
const fmt = (n: number, digits = 0) => n.toFixed(digits);
// A change in memory, with its sign: "+0.9 MB", "−0.5 MB".
const delta = (mb: number) => `${mb < 0 ? "−" : "+"}${fmt(Math.abs(mb), 1)} MB`;
// The lowest and highest of a ratio's rounds, when there are several: how far one run can move it.
const spread = (ratios: number[]) =>
  ratios.length > 1 ? `; rounds ${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)}×` : "";
const row = (...cells: string[]) => {
  rows.push(cells);
  console.error(`  ${cells.join(" | ")}`);
};
// A bench child in a process of its own (with --expose-gc); it prints its result as its last line.
async function tsx(script: string, ...args: string[]): Promise<Record<string, number>> {
  const { code, stdout, stderr } = await runScript(script, args, { cwd: root, flags: ["--expose-gc"] });
  if (code !== 0) throw new Error(`${script} failed: ${stderr.slice(0, 2000)}`);
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, number>;
}
// BENCH_ROUNDS runs of a bench child, one after another.
async function rounds(script: string, ...args: string[]): Promise<Array<Record<string, number>>> {
  const results: Array<Record<string, number>> = [];
  for (let round = 0; round < ROUNDS; round++) results.push(await tsx(script, ...args));
  return results;
}
const medianOf = (results: Array<Record<string, number>>, figure: (result: Record<string, number>) => number) =>
  median(results.map(figure));
// Wall time and peak memory of `node ARGS`, from GNU time.
async function timed(args: string[], cwd = root): Promise<{ s: number; mb: number }> {
  const { seconds, peakMb } = (await runStep(args.join(" ").slice(0, 80), args, { cwd, measure: true }))!;
  return { s: seconds, mb: peakMb };
}

await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });
const started = performance.now();

// Servers live in a child process so they do not share the measured event loop.
const servers = spawn(process.execPath, ["--import", "tsx", "scripts/bench/servers.ts"], {
  cwd: root,
  stdio: ["ignore", "pipe", "inherit"],
});
const urls = await new Promise<{
  tiny: string;
  list: string;
  slowList: string;
  limited: string;
  csv: string;
  fake: string;
  fakeStats: string;
}>((done) => servers.stdout.once("data", (chunk: Buffer) => done(JSON.parse(chunk.toString()) as never)));

try {
  console.error("1. per-request cost");
  for (const concurrency of [1, 32]) {
    // Each run takes turns between the variants in small batches (see request-child.ts); the median run counts.
    const runs = (await rounds(
      "scripts/bench/request-child.ts",
      urls.tiny,
      String(REQUESTS),
      String(concurrency),
    )) as unknown as Array<Record<string, { wallUs: number; cpuUs: number }>>;
    const of = (variant: string, key: "wallUs" | "cpuUs") => median(runs.map((run) => run[variant]![key]));
    // Ratios pair each variant with a baseline from the same run (one process, same minutes), then
    // take the median: bare openapi-fetch, and for the timeout's copy and the client, bare
    // openapi-fetch with a timeout (what any client with a working timeout pays the platform).
    const TIMEOUT = "openapi-fetch with a timeout";
    const ratios = (variant: string, baseline: string, key: "wallUs" | "cpuUs") =>
      runs.map((run) => run[variant]![key] / run[baseline]![key]);
    for (const variant of ["fetch", "openapi-fetch", TIMEOUT, `${TIMEOUT}, again`, "client"]) {
      const baseline = variant === "client" || variant === `${TIMEOUT}, again` ? TIMEOUT : "openapi-fetch";
      row(
        `${REQUESTS.toLocaleString("en")} GETs, ${concurrency === 1 ? "sequential" : "32 concurrent"}: ${variant}`,
        `${fmt(of(variant, "wallUs"), 1)} µs/request (CPU ${fmt(of(variant, "cpuUs"), 1)} µs)`,
        variant === "openapi-fetch"
          ? ""
          : `CPU ${fmt(median(ratios(variant, baseline, "cpuUs")), 2)}× ${baseline === TIMEOUT ? `"${TIMEOUT}"` : `bare openapi-fetch`}${spread(ratios(variant, baseline, "cpuUs"))} (time ${fmt(median(ratios(variant, baseline, "wallUs")), 2)}×)`,
        variant === "client" ? "CPU ≤ 1.15×" : "",
      );
    }
  }

  // What the client's own code costs a call, with a fetch that answers at once: free of the network's noise.
  const own = await rounds("scripts/bench/own-child.ts", String(2 * REQUESTS));
  row(
    "the client's own work per call, `fetch` answering at once (no network)",
    `${fmt(
      medianOf(own, (r) => r["clientUs"]! - r["timeoutUs"]!),
      1,
    )} µs over "openapi-fetch with a timeout" (${fmt(
      medianOf(own, (r) => r["clientUs"]!),
      1,
    )} µs against ${fmt(
      medianOf(own, (r) => r["timeoutUs"]!),
      1,
    )} µs a call)`,
    "",
    "≤ 10 µs",
  );
  // What a Request with a signal costs undici before a byte is sent: the client builds one per attempt.
  const signal = await rounds("scripts/bench/signal-child.ts");
  row(
    "undici's `Request` for the same GET, built without network: with a timeout's signal vs without",
    `${fmt(
      medianOf(signal, (r) => r["signalUs"]!),
      1,
    )} µs vs ${fmt(
      medianOf(signal, (r) => r["plainUs"]!),
      1,
    )} µs (+${fmt(
      medianOf(signal, (r) => r["signalUs"]! - r["plainUs"]!),
      1,
    )} µs a request)`,
    "",
    "",
  );

  console.error("2. paging 100,000 items");
  // A process per variant moves by ±15 % from one to the next here, so each gets seven rounds by default.
  const paging: Record<string, Array<Record<string, number>>> = { loop: [], client: [] };
  for (let round = 0; round < 2 * ROUNDS + 1; round++)
    for (const variant of Object.keys(paging))
      paging[variant]!.push(await tsx("scripts/bench/paging-child.ts", variant, urls.list));
  // Each round runs the variants one after another: a variant's ratio pairs it with that round's loop.
  const loopRatio = (results: Array<Record<string, number>>, key: string) =>
    results.map((r, round) => r[key]! / paging["loop"]![round]![key]!);
  const names: Record<string, string> = { loop: "hand-written fetch loop", client: "paginate()" };
  for (const variant of Object.keys(paging)) {
    const results = paging[variant]!;
    if (results.some((r) => r["items"] !== 100_000))
      throw new Error(`paging ${variant} read ${results.map((r) => r["items"]).join(", ")} items`);
    const ms = median(results.map((r) => r["ms"]!));
    const memory = `peak RSS ${delta(median(results.map((r) => r["rssGrowthMb"]!)))}, heap in use after a full collection ${delta(median(results.map((r) => r["retainedMb"]!)))}`;
    const ratio = `peak RSS growth ${fmt(median(loopRatio(results, "rssGrowthMb")), 2)}× the loop's${spread(loopRatio(results, "rssGrowthMb"))}; time ${fmt(median(loopRatio(results, "ms")), 2)}×`;
    row(
      `paging 100,000 items (1,000 pages): ${names[variant]!}`,
      `${fmt(ms)} ms, ${memory}`,
      variant === "loop" ? "" : ratio,
      variant === "client" ? "≤ 1.1× RSS growth, ≤ 2 MB heap" : "",
    );
  }

  console.error("2b. parallel export: 100,000 items, 50 ms a page");
  // One round each: the sequential walk alone takes about 50 s.
  const exports: Record<string, Record<string, number>> = {};
  for (const variant of ["sequential", "parallel"]) {
    const result = (exports[variant] = await tsx("scripts/bench/export-child.ts", variant, urls.slowList));
    if (result["items"] !== 100_000 || result["inOrder"] !== 1)
      throw new Error(`export ${variant} read ${result["items"]} items, in order: ${result["inOrder"]}`);
  }
  row(
    "export 100,000 items, 50 ms a page: paginate(), cursor, one page at a time",
    `${fmt(exports["sequential"]!["ms"]! / 1000, 1)} s`,
    "",
    "",
  );
  row(
    "export 100,000 items, 50 ms a page: paginate(…, { concurrency: 8 })",
    `${fmt(exports["parallel"]!["ms"]! / 1000, 1)} s, the same items in the same order`,
    `${fmt(exports["sequential"]!["ms"]! / exports["parallel"]!["ms"]!, 1)}× faster`,
    "≥ 6×",
  );

  console.error("2c. 2,000 calls from 64 callers against a rate limit");
  for (const variant of ["retries-alone", "client"]) {
    await fetch(`${urls.limited}/reset`);
    const result = await tsx("scripts/bench/throttle-child.ts", variant, urls.limited);
    const { rate } = (await (await fetch(`${urls.limited}/stats`)).json()) as { rate: number };
    const goodput = result["ok"]! / (result["ms"]! / 1000);
    row(
      `2,000 GETs, 64 callers, server admitting ${rate}/s (429 + Retry-After beyond): ${variant === "client" ? "one client (maxConcurrency 16, a 429 slows it all down)" : "each call retrying alone (the client before its queue)"}`,
      `${fmt(goodput)} calls/s succeeded in ${fmt(result["ms"]! / 1000, 1)} s; ${result["failed"]} failed; ${result["refused"]} of ${result["requests"]} requests refused (${fmt((100 * result["refused"]!) / result["requests"]!, 1)} %)`,
      `goodput ${fmt((100 * goodput) / rate)} % of the limit`,
      variant === "client" ? "goodput ≥ 90 %, 429 ≤ 2 %, none failed" : "",
    );
  }

  console.error("3. a 100 MB CSV export");
  for (const variant of ["raw", "client"]) {
    const result = await tsx("scripts/bench/csv-child.ts", variant, urls.csv);
    if (variant === "client" && result["records"] !== 1_092_977)
      throw new Error(`csvRecords() read ${result["records"]} records`);
    const mbps = (100 * 1000) / result["ms"]!;
    const memory = `peak RSS ${delta(result["rssGrowthMb"]!)}, retained heap ${delta(result["retainedMb"]!)}`;
    row(
      `100 MB CSV: ${variant === "raw" ? "raw body bytes" : "csvRecords()"}`,
      `${fmt(mbps, 1)} MB/s${variant === "client" ? `, ${result["records"]!.toLocaleString("en")} records` : ""}, ${memory}`,
      "",
      variant === "client" ? "≥ 100 MB/s, < 50 MB" : "",
    );
  }

  console.error("3b. 500 MB uploads and downloads");
  const bigFile = join(work, "500mb.bin");
  await mkdir(work, { recursive: true });
  await writeFile(bigFile, Buffer.alloc(0));
  for (let written = 0; written < 500; written += 50) await appendFile(bigFile, Buffer.alloc(50 * 2 ** 20, written));
  const transfer = async (variant: string, file = bigFile) => {
    const result = await tsx("scripts/bench/transfer-child.ts", variant, urls.fake, file);
    if (result["bytes"] !== 500 * 2 ** 20) throw new Error(`${variant} moved ${result["bytes"]} bytes`);
    return { mbps: 500 / (result["ms"]! / 1000), growth: result["rssGrowthMb"]! };
  };
  const up = await transfer("upload");
  row(
    "upload() a 500 MB file (fileFromPath, multipart) to the fake",
    `${fmt(up.mbps)} MB/s, peak RSS ${delta(up.growth)}`,
    "",
    "< 50 MB",
  );
  const down = await transfer("download", join(work, "downloaded.bin"));
  row(
    "download() a 500 MB package to a file (fileSink)",
    `${fmt(down.mbps)} MB/s, peak RSS ${delta(down.growth)}`,
    "",
    "< 50 MB",
  );
  await fetch(`${urls.fakeStats}/drop-tus-at-half`);
  const before = ((await (await fetch(urls.fakeStats)).json()) as { tusReceived: number }).tusReceived;
  const resumable = await transfer("resumable");
  const sent = ((await (await fetch(urls.fakeStats)).json()) as { tusReceived: number }).tusReceived - before;
  row(
    "uploadResumable() a 500 MB file, the connection dropped at 250 MB",
    `${fmt(resumable.mbps)} MB/s, peak RSS ${delta(resumable.growth)}; ${fmt(sent / 2 ** 20)} MB reached the server`,
    `${fmt(sent / (500 * 2 ** 20), 3)}× the file`,
    "≤ 1.1×",
  );
  await rm(bigFile, { force: true });
  await rm(join(work, "downloaded.bin"), { force: true });
} finally {
  servers.kill();
}

console.error("3c. the command's start-up");
{
  // From spawning a process to its first request reaching a server on 127.0.0.1 (in this process,
  // idle while it waits): `cognigy-openapi-client call` against bare node with one fetch, in turns.
  const arrivals: number[] = [];
  const body = JSON.stringify({ _id: "5ce7c2d833ea1e04d7e6c432", name: "agent" });
  const server = await listen((_, response) => {
    arrivals.push(performance.now());
    response.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  const path = "/v2.0/aiagents/5ce7c2d833ea1e04d7e6c432";
  const variants = {
    bare: [
      process.execPath,
      "-e",
      `fetch(${JSON.stringify(server.url + path)}, { headers: { "x-api-key": "bench" } }).then((r) => r.text())`,
    ],
    command: [process.execPath, "dist/cli.js", "call", "aiAgents.get", "-p", "aiAgentId=5ce7c2d833ea1e04d7e6c432"],
  };
  const took: Record<keyof typeof variants, number[]> = { bare: [], command: [] };
  for (let turn = 0; turn < 10 * ROUNDS; turn++) {
    for (const [name, [file, ...args]] of Object.entries(variants) as Array<[keyof typeof variants, string[]]>) {
      arrivals.length = 0;
      const start = performance.now();
      await run(file!, args, {
        cwd: root,
        env: { ...process.env, COGNIGY_BASE_URL: server.url, COGNIGY_API_KEY: "bench" },
      });
      took[name].push(arrivals[0]! - start);
    }
  }
  await server.close();
  const bare = median(took.bare);
  const command = median(took.command);
  row(
    "the command: spawn to first request, `call aiAgents.get` vs bare node with one fetch",
    `${fmt(command)} ms vs ${fmt(bare)} ms`,
    `+${fmt(command - bare)} ms`,
    "≤ +150 ms",
  );
}

console.error("4. the full-size spec");
const spec = syntheticSpec();
const specDir = join(work, "openapi");
await mkdir(specDir, { recursive: true });
await writeFile(join(specDir, "cognigy.openapi.json"), JSON.stringify(spec));
await cp("openapi/overlay.yaml", join(specDir, "overlay.yaml"));
const specMb = (await stat(join(specDir, "cognigy.openapi.json"))).size / 1e6;
row(`synthetic spec`, `${listOperations(spec).length} operations, ${fmt(specMb, 1)} MB`, "", "");
// Bare output as openapi-typescript's docs write it, a declaration file: with skipLibCheck, as in
// most projects, its consumers parse it but do not check it (a .ts file would be checked too).
const bare = await timed([
  "node_modules/openapi-typescript/bin/cli.js",
  join(specDir, "cognigy.openapi.json"),
  "-o",
  join(work, "bare/schema.d.ts"),
]);
const ours = await timed(["--import", "tsx", "scripts/bench/generate-child.ts", specDir, join(work, "ours/generated")]);
const bareSize = (await stat(join(work, "bare/schema.d.ts"))).size;
// Ours: openapi-typescript's schema.ts plus the per-route call types (routes.ts).
const ourSize =
  (await stat(join(work, "ours/generated/schema.ts"))).size + (await stat(join(work, "ours/generated/routes.ts"))).size;
row("generated types: bare openapi-typescript", `${fmt(bareSize / 1e6, 1)} MB`, "", "");
row(
  "generated types: ours (schema.ts + routes.ts)",
  `${fmt(ourSize / 1e6, 1)} MB`,
  `${fmt((100 * ourSize) / bareSize)} % of bare`,
  "≤ 30 %",
);
row("generate: bare openapi-typescript CLI", `${fmt(bare.s, 1)} s, ${fmt(bare.mb)} MB`, "", "");
row(
  "generate: npm run generate (overlay, validation, types, table)",
  `${fmt(ours.s, 1)} s, ${fmt(ours.mb)} MB`,
  `${fmt(ours.s / bare.s, 2)}× bare`,
  "",
);
// The user's command, as installed (dist/cli.js): the same pipeline into one module.
const userModule = join(work, "user/cognigy-api.ts");
const command = await timed([
  join(root, "dist/cli.js"),
  "generate",
  "--file",
  join(specDir, "cognigy.openapi.json"),
  "--out",
  userModule,
]);
row(
  "generate: the user's command (cognigy-openapi-client generate --file, one module)",
  `${fmt(command.s, 1)} s, peak RSS ${fmt(command.mb)} MB; ${fmt((await stat(userModule)).size / 1e6, 1)} MB written`,
  `${fmt(command.s / bare.s, 2)}× bare's time, ${fmt(command.mb / bare.mb, 2)}× its memory`,
  "",
);

// Users type-check against the package's bundled declarations: build it from the full-size spec
// (not timed) and point the consumer at dist/index.d.ts.
await cp("src", join(work, "ours/src"), { recursive: true });
for (const file of ["package.json", "tsconfig.json", "tsconfig.build.json", "tsdown.config.ts"])
  await cp(file, join(work, "ours", file));
await run(process.execPath, [join(root, "node_modules/tsdown/dist/run.mjs")], {
  cwd: join(work, "ours"),
  maxBuffer: 64 * 2 ** 20,
});
const sample = listOperations(spec).slice(0, 20);
const callOf = (method: string, path: string, operation: Record<string, unknown>, client: string) => {
  const pathParams = ((operation["parameters"] ?? []) as Array<{ in: string; name: string }>)
    .filter((p) => p.in === "path")
    .map((p) => `${p.name}: "5ce7c2d833ea1e04d7e6c432"`);
  const body = operation["requestBody"] ? `, body: {} as never` : "";
  return `  await ${client}.${method.toUpperCase()}("${path}", { params: { path: { ${pathParams.join(", ")} } }${body} } as never);`;
};
await writeFile(
  join(work, "bare/consumer.ts"),
  [
    'import createClient from "openapi-fetch";',
    'import type { paths } from "./schema.js";',
    'const client = createClient<paths>({ baseUrl: "https://x.example" });',
    "export async function run(): Promise<void> {",
    ...sample.map(([m, p, o]) => callOf(m, p, o, "client")),
    "}",
    "",
  ].join("\n"),
);
await writeFile(
  join(work, "ours/consumer.ts"),
  [
    'import { createCognigyClient } from "./dist/index.js";',
    'const client = createCognigyClient({ baseUrl: "https://x.example", apiKey: "k" });',
    "export async function run(): Promise<void> {",
    ...sample.map(([m, p, o]) => callOf(m, p, o, "client")),
    "}",
    "",
  ].join("\n"),
);
// The same 20 calls through the user's generated module (typed from it, not the bundled spec).
await writeFile(
  userModule,
  (await readFile(userModule, "utf8")).replace('from "cognigy-openapi-client"', 'from "../ours/dist/index.js"'),
);
// And as JavaScript with its declaration file (`--out cognigy-api.js`): a declaration file is not checked under skipLibCheck.
await run(process.execPath, [
  join(root, "dist/cli.js"),
  "generate",
  "--file",
  join(specDir, "cognigy.openapi.json"),
  "--out",
  join(work, "user-js/cognigy-api.js"),
]);
await writeFile(
  join(work, "user-js/cognigy-api.d.ts"),
  (await readFile(join(work, "user-js/cognigy-api.d.ts"), "utf8")).replace(
    'from "cognigy-openapi-client"',
    'from "../ours/dist/index.js"',
  ),
);
await writeFile(
  join(work, "user/consumer.ts"),
  [
    'import { createCognigyClient } from "../ours/dist/index.js";',
    'import { api } from "./cognigy-api.js";',
    'const client = createCognigyClient({ baseUrl: "https://x.example", apiKey: "k", api });',
    "export async function run(): Promise<void> {",
    ...sample.map(([m, p, o]) => callOf(m, p, o, "client")),
    "}",
    "",
  ].join("\n"),
);
// The same 20 calls by name: client.<namespace>.<method>(init).
const nameOf = new Map(
  nameOperations(spec).map((name) => [`${name.httpMethod} ${name.path}`, `${name.namespace}.${name.method}`]),
);
const namedCall = (method: string, path: string, operation: Record<string, unknown>) =>
  callOf(method, path, operation, "client").replace(
    `client.${method.toUpperCase()}("${path}", `,
    `client.${nameOf.get(`${method.toUpperCase()} ${path}`)}(`,
  );
await writeFile(
  join(work, "ours/consumer-named.ts"),
  [
    'import { createCognigyClient } from "./dist/index.js";',
    'const client = createCognigyClient({ baseUrl: "https://x.example", apiKey: "k" });',
    "export async function run(): Promise<void> {",
    ...sample.map(([m, p, o]) => namedCall(m, p, o)),
    "}",
    "",
  ].join("\n"),
);
// What every consumer pays whatever it imports: lib.dom, @types/node and tsc itself.
await mkdir(join(work, "floor"), { recursive: true });
await writeFile(join(work, "floor/consumer.ts"), "export const nothing = 0;\n");
const tsconfig = (files: string[]) =>
  JSON.stringify({
    compilerOptions: {
      target: "es2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
      lib: ["es2022", "dom", "dom.iterable"],
    },
    files,
  });
await writeFile(join(work, "bare/tsconfig.json"), tsconfig(["consumer.ts"]));
await writeFile(join(work, "ours/tsconfig.consumer.json"), tsconfig(["consumer.ts"]));
await writeFile(join(work, "ours/tsconfig.named.json"), tsconfig(["consumer-named.ts"]));
await writeFile(join(work, "floor/tsconfig.json"), tsconfig(["consumer.ts"]));
await writeFile(join(work, "user/tsconfig.json"), tsconfig(["consumer.ts"]));
await writeFile(join(work, "user-js/consumer.ts"), await readFile(join(work, "user/consumer.ts"), "utf8"));
await writeFile(join(work, "user-js/tsconfig.json"), tsconfig(["consumer.ts"]));
await writeFile(join(work, "package.json"), JSON.stringify({ type: "module", private: true }));
const consumerConfig: Record<string, string> = {
  floor: "floor/tsconfig.json",
  bare: "bare/tsconfig.json",
  ours: "ours/tsconfig.consumer.json",
  named: "ours/tsconfig.named.json",
  module: "user/tsconfig.json",
  moduleJs: "user-js/tsconfig.json",
};
const check: Record<string, Array<{ s: number; mb: number }>> = {
  floor: [],
  bare: [],
  ours: [],
  named: [],
  module: [],
  moduleJs: [],
};
for (let round = 0; round < ROUNDS; round++)
  for (const variant of Object.keys(check))
    check[variant]!.push(
      await timed([join(root, "node_modules/typescript/bin/tsc"), "-p", join(work, consumerConfig[variant]!)]),
    );
const checked = (variant: string) => ({
  s: median(check[variant]!.map((c) => c.s)),
  mb: median(check[variant]!.map((c) => c.mb)),
});
const [floorCheck, bareCheck, ourCheck] = [checked("floor"), checked("bare"), checked("ours")];
// Ratios to bare pair the checks of the same round.
const toBare = (variant: string, key: "s" | "mb") =>
  median(check[variant]!.map((c, round) => c[key] / check["bare"]![round]![key]));
row(
  "tsc --noEmit, an empty consumer (lib.dom, @types/node: the floor every project pays)",
  `${fmt(floorCheck.s, 2)} s, ${fmt(floorCheck.mb)} MB`,
  `${fmt(toBare("floor", "s"), 2)}× time, ${fmt(toBare("floor", "mb"), 2)}× memory (the least any package can come to)`,
  "",
);
row(
  "tsc --noEmit, consumer with 20 typed calls: bare openapi-typescript (schema.d.ts) + openapi-fetch",
  `${fmt(bareCheck.s, 2)} s, ${fmt(bareCheck.mb)} MB`,
  "",
  "",
);
// What ours adds over the floor, as a share of what bare adds: round by round, then the median.
const above = (key: "s" | "mb") =>
  fmt(
    median(
      check["ours"]!.map(
        (c, round) =>
          (c[key] - check["floor"]![round]![key]) / (check["bare"]![round]![key] - check["floor"]![round]![key]),
      ),
    ),
    2,
  );
row(
  "tsc --noEmit, consumer with 20 typed calls: ours (the package's bundled dist/index.d.ts)",
  `${fmt(ourCheck.s, 2)} s, ${fmt(ourCheck.mb)} MB`,
  `above the floor: ${above("s")}× time, ${above("mb")}× memory (totals ${fmt(toBare("ours", "s"), 2)}×, ${fmt(toBare("ours", "mb"), 2)}×)`,
  "≤ 0.35× above the floor",
);
// By name against by path, each above the floor, round by round.
const namedAbove = (key: "s" | "mb") =>
  fmt(
    median(
      check["named"]!.map(
        (c, round) =>
          (c[key] - check["floor"]![round]![key]) / (check["ours"]![round]![key] - check["floor"]![round]![key]),
      ),
    ),
    2,
  );
const namedCheck = checked("named");
row(
  "tsc --noEmit, the same 20 calls by name (client.<namespace>.<method>)",
  `${fmt(namedCheck.s, 2)} s, ${fmt(namedCheck.mb)} MB`,
  `above the floor: ${namedAbove("s")}× the path form's time, ${namedAbove("mb")}× its memory`,
  "≤ 1.1×",
);
// Through the user's module: its .ts is checked too (a declaration file under skipLibCheck is not).
const aboveFloor = (variant: string, key: "s" | "mb") =>
  fmt(
    median(
      check[variant]!.map(
        (c, round) =>
          (c[key] - check["floor"]![round]![key]) / (check["bare"]![round]![key] - check["floor"]![round]![key]),
      ),
    ),
    2,
  );
for (const [variant, what] of [
  ["module", "a .ts module"],
  ["moduleJs", "JavaScript with its .d.ts (--out cognigy-api.js)"],
] as const) {
  const result = checked(variant);
  row(
    `tsc --noEmit, the same 20 calls typed from the user's generated module, written as ${what}`,
    `${fmt(result.s, 2)} s, ${fmt(result.mb)} MB`,
    `above the floor: ${aboveFloor(variant, "s")}× bare's time, ${aboveFloor(variant, "mb")}× its memory`,
    "",
  );
}
// The same types for every call: each sampled operation's success body, bare vs ours, must be mutually assignable.
const successOf = (operation: Record<string, unknown>) =>
  Object.keys(operation["responses"] as object).find((status) => status.startsWith("2"))!;
await writeFile(
  join(work, "same-types.ts"),
  [
    'import type { paths as Bare } from "./bare/schema.js";',
    'import type { paths as Ours } from "./ours/generated/schema.js";',
    "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
    'type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;',
    ...sample.map(([method, path, operation], index) => {
      const at = (root: string) =>
        `Json<${root}[${JSON.stringify(path)}][${JSON.stringify(method)}]["responses"][${successOf(operation)}]>`;
      return `export const same${index}: Same<${at("Bare")}, ${at("Ours")}> = true;`;
    }),
    "",
  ].join("\n"),
);
await writeFile(join(work, "tsconfig.same.json"), tsconfig(["same-types.ts"]));
const sameTypes = await run(process.execPath, [
  join(root, "node_modules/typescript/bin/tsc"),
  "-p",
  join(work, "tsconfig.same.json"),
]).then(
  () => "yes",
  (error: { stdout: string }) => `NO: ${error.stdout.split("\n")[0]}`,
);
row("same success types as bare for the 20 sampled calls (type test)", sameTypes, "", "yes");
const prismMs = median(
  await Promise.all(
    [0, 1, 2]
      .slice(0, ROUNDS)
      .map(async () => (await tsx("scripts/bench/prism-child.ts", join(work, "ours/generated/openapi.json")))["ms"]!),
  ),
);
row("Prism start-up on the full-size normalized spec", `${fmt(prismMs)} ms`, "", "");

console.error("5. import cost and size");
const importTimes: Record<string, number[]> = { bare: [], client: [] };
const wall = async (args: string[]) => {
  const start = performance.now();
  await run(process.execPath, args);
  return performance.now() - start;
};
for (let i = 0; i < 15; i++) {
  importTimes["bare"]!.push(await wall(["--input-type=module", "-e", ""]));
  importTimes["client"]!.push(
    await wall(["--input-type=module", "-e", `await import(${JSON.stringify(join(root, "dist/index.js"))})`]),
  );
}
const importMs = median(importTimes["client"]!) - median(importTimes["bare"]!);
row("import cost over bare node", `${fmt(importMs)} ms`, "", "≤ 30 ms");
// Bundled as an app's bundler does (dynamic imports split into chunks of their own): what loads
// before the first call is the entry chunk and what it imports statically; the XML and CSV parsers,
// oauth4webapi and the operation table load when first used.
async function runtimeSize(
  entry: { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string } },
): Promise<{ initialKb: number; lazyKb: number }> {
  const result = await build({
    ...entry,
    bundle: true,
    minify: true,
    splitting: true,
    outdir: join(work, "size"),
    format: "esm",
    platform: "neutral",
    write: false,
    metafile: true,
    external: ["fast-xml-parser", "oauth4webapi", "node:*"],
  });
  const outputs = result.metafile.outputs;
  const contents = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const pathOf = (output: string) => resolve(root, output);
  // esbuild lists dynamically imported chunks as entry points too: find the one asked for.
  const wanted = "stdin" in entry ? "<stdin>" : relative(root, entry.entryPoints[0]!);
  const initial = new Set(Object.keys(outputs).filter((output) => outputs[output]!.entryPoint === wanted));
  if (initial.size !== 1)
    throw new Error(`bundle of ${wanted}: no single entry chunk among ${Object.keys(outputs).join(", ")}`);
  for (const output of initial)
    for (const imported of outputs[output]!.imports)
      if (imported.kind === "import-statement" && !imported.external) initial.add(imported.path);
  const gz = (files: string[]) =>
    gzipSync(Buffer.concat(files.map((output) => contents.get(pathOf(output))!))).length / 1024;
  const lazy = Object.keys(outputs).filter((output) => !initial.has(output));
  return { initialKb: gz([...initial]), lazyKb: lazy.length ? gz(lazy) : 0 };
}
const runtime = await runtimeSize({ entryPoints: [join(root, "dist/index.js")] });
row(
  "runtime, min+gz, loaded before the first call (the request pipeline with openapi-fetch and the operation table load with the first call; XML, CSV and OAuth2 when used)",
  `${fmt(runtime.initialKb, 1)} kB (+ ${fmt(runtime.lazyKb, 1)} kB loaded later)`,
  "",
  "≤ 15 kB",
);
// What an app that uses the client and paging carries once its bundler drops the exports it does
// not use (the package declares no side effects), e.g. the OAuth2 flows.
const app = await runtimeSize({
  stdin: {
    contents: `import { createCognigyClient, paginate } from ${JSON.stringify(join(root, "dist/index.js"))};\nexport { createCognigyClient, paginate };`,
    resolveDir: root,
  },
});
row(
  "runtime as an app bundles it (createCognigyClient and paginate, unused exports dropped), min+gz",
  `${fmt(app.initialKb, 1)} kB`,
  "",
  "",
);
// The operation table grows with the spec; it is a chunk of its own, loaded by the first call.
const full = await runtimeSize({ entryPoints: [join(work, "ours/dist/index.js")] });
row(
  "runtime built from the full-size spec, min+gz, loaded before the first call",
  `${fmt(full.initialKb, 1)} kB (+ ${fmt(full.lazyKb, 1)} kB loaded later)`,
  "",
  "≤ 15 kB",
);

// What `npm install cognigy-openapi-client` puts on disk in a fresh project: the package, and its
// runtime dependencies (optional peers, such as the generator's packages, are not installed).
const installDir = join(work, "install");
await mkdir(installDir, { recursive: true });
await run("npm", ["pack", "--pack-destination", installDir], { cwd: root });
await writeFile(join(installDir, "package.json"), JSON.stringify({ name: "fresh", private: true }));
const tarball = (await readdir(installDir)).find((file) => file.endsWith(".tgz"))!;
await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", `./${tarball}`], {
  cwd: installDir,
});
const installed = await installedSizes(join(installDir, "node_modules"));
const ownBytes = installed.get("cognigy-openapi-client") ?? 0;
const dependencyBytes = [...installed.values()].reduce((sum, bytes) => sum + bytes, 0) - ownBytes;
row(
  "npm install cognigy-openapi-client in a fresh project (apparent size)",
  `the package ${fmt(ownBytes / 2 ** 20, 2)} MB; ${installed.size - 1} runtime dependencies ${fmt(dependencyBytes / 2 ** 20, 2)} MB (largest: ${[
    ...installed,
  ]
    .filter(([name]) => name !== "cognigy-openapi-client")
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, bytes]) => `${name} ${fmt(bytes / 2 ** 20, 2)}`)
    .join(", ")})`,
  "",
  "≤ 3 MB besides the package",
);

const table = [
  "| measurement | result | ratio | target |",
  "| --- | --- | --- | --- |",
  ...rows.map((cells) => `| ${cells.join(" | ")} |`),
].join("\n");
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
console.log(table);
const intro =
  (await readFile("BENCHMARKS.md", "utf8").catch(() => "")).split("<!-- results -->")[0] || "# Benchmarks\n\n";
await writeFile(
  "BENCHMARKS.md",
  `${intro.trimEnd()}\n\n<!-- results -->\n\nLatest run: \`npm run bench\` on ${machine}, ${new Date().toISOString().slice(0, 10)}, ${ROUNDS} rounds (medians), ${fmt((performance.now() - started) / 1000)} s.\n\n${table}\n`,
);

/**
 * npm run spec:pull [-- --url URL | --from-docs SOURCE...] [--out DIR]
 *
 * Pulls Cognigy's OpenAPI spec into openapi/: from the published JSON (default), or rebuilt from
 * the per-operation docs pages. Exits non-zero with a one-line message on any failure, leaving the
 * committed snapshot as it was.
 */
import { parseArgs } from "node:util";
import { DEFAULT_SPEC_URL, describeResult, pullFromDocs, pullFromUrl, type PullOptions } from "./lib/pull-spec.js";
import { runCli } from "../lib/cli.js";
import { SpecError } from "../../src/codegen/spec-error.js";

const USAGE = `usage: npm run spec:pull -- [options] [SOURCE...]

  --url URL          pull the published spec JSON (default: $COGNIGY_SPEC_URL or ${DEFAULT_SPEC_URL})
  --from-docs        rebuild the spec from docs pages; each SOURCE is an llms.txt URL or file,
                     a page URL, or a saved page (e.g. ../shared/seeds/*.txt)
  --out DIR          spec folder to write (default: openapi)
  --concurrency N    docs pages fetched at once (default: 8)
  --timeout MS       milliseconds per request (default: 60000)

COGNIGY_API_KEY, when set, is sent as the X-API-Key header (some environments require it).`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      "from-docs": { type: "boolean", default: false },
      out: { type: "string", default: "openapi" },
      concurrency: { type: "string", default: "8" },
      timeout: { type: "string", default: "60000" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const concurrency = positiveInteger(values.concurrency, "--concurrency");
  const timeoutMs = positiveInteger(values.timeout, "--timeout");
  const progress = createProgress();
  const options: PullOptions = {
    outDir: values.out,
    timeoutMs,
    concurrency,
    apiKey: process.env["COGNIGY_API_KEY"] || undefined,
    onProgress: progress,
  };

  if (values["from-docs"]) {
    if (values.url) throw usageError("--url and --from-docs exclude each other");
    const result = await pullFromDocs(positionals, options);
    reportProblems(result.problems);
    console.log(describeResult(result, values.out));
    return 0;
  }
  if (positionals.length > 0) throw usageError(`unexpected argument ${positionals[0]} (did you mean --from-docs?)`);
  const url = values.url ?? (process.env["COGNIGY_SPEC_URL"] || DEFAULT_SPEC_URL);
  console.error(`pulling ${url}`);
  const result = await pullFromUrl(url, options);
  reportProblems(result.problems);
  console.log(describeResult(result, values.out));
  return 0;
}

// Each problem on stderr with its JSON pointer: the overlay's targets, or what the generator repairs.
function reportProblems(problems: readonly string[]): void {
  for (const problem of problems) console.error(`spec:pull: problem: ${problem}`);
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw usageError(`${flag} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

function usageError(message: string): SpecError {
  return new SpecError(message);
}

// Progress on stderr: a rewritten line on a terminal, a line per tenth otherwise (CI logs).
function createProgress(): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    if (total < 2) return;
    if (process.stderr.isTTY) {
      process.stderr.write(`\rdocs pages ${done}/${total}${done === total ? "\n" : ""}`);
      return;
    }
    const tenth = Math.floor((done * 10) / total);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      console.error(`docs pages ${done}/${total}`);
    }
  };
}

runCli("spec:pull", main, USAGE);

import { PassThrough } from "node:stream";
import { importOptional } from "../../errors/missing-dependency.js";
import { loadSpecDocument } from "../../spec.js";

/** Options of {@link startPrismMock}. */
export interface PrismMockOptions {
  /**
   * The OpenAPI document: a path or URL, or the parsed document. Defaults to the spec this package's
   * types were generated from.
   */
  readonly spec?: string | object | undefined;
  /** Defaults to 127.0.0.1; nothing here listens on a public address unless told to. */
  readonly host?: string | undefined;
  /** Defaults to 0: a free port chosen by the OS. */
  readonly port?: number | undefined;
  /** Generate bodies from the schemas instead of serving the spec's examples. */
  readonly dynamic?: boolean | undefined;
  /** Answer requests that break the spec with an error (422, 401 …) instead of a warning header. */
  readonly errors?: boolean | undefined;
  /** Send Prism's CORS headers (for browser tests). */
  readonly cors?: boolean | undefined;
  /**
   * Proxy to this server instead of mocking (`prism proxy`): requests and responses are checked
   * against the spec on their way through.
   */
  readonly upstream?: string | undefined;
}

/** A running Prism mock: its base URL, the log records it wrote, and `close()` (also `await using`). */
export interface PrismMock extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: a client's `baseUrl`. Prism serves the operations at its root. */
  readonly url: string;
  /** Prism's log records at warn level and above (violations of the spec among them), newest last. */
  readonly logs: ReadonlyArray<{ readonly level: string; readonly msg: string; readonly name?: string }>;
  readonly close: () => Promise<void>;
}

/** The Prism packages {@link startPrismMock} loads, with versions that run on Node.js 20. */
export const PRISM_PACKAGES = [
  "@stoplight/prism-core@5.8.0",
  "@stoplight/prism-http@5.12.0",
  "@stoplight/prism-http-server@5.12.2",
] as const;

const loadPrism = () =>
  importOptional("startPrismMock()", PRISM_PACKAGES, async () => {
    const [core, http, server] = await Promise.all([
      import("@stoplight/prism-core"),
      import("@stoplight/prism-http"),
      import("@stoplight/prism-http-server"),
    ]);
    return {
      createLogger: core.createLogger,
      getHttpOperationsFromSpec: http.getHttpOperationsFromSpec,
      createServer: server.createServer,
    };
  });

/**
 * Starts a [Prism](https://stoplight.io/open-source/prism) mock of the spec in this process, on
 * 127.0.0.1 and a free port (≈0.1 s, against ≈3 s for Prism's CLI): every operation answers with
 * its example, and requests are checked against the spec (parameters, body, security). Prism is an
 * optional dependency: install {@link PRISM_PACKAGES} as dev dependencies; without them this
 * throws a `CognigyMissingDependencyError` naming them. Node.js only.
 *
 * @example
 * await using prism = await startPrismMock();
 * const client = createCognigyClient({ baseUrl: prism.url, apiKey: "test" });
 */
export async function startPrismMock(options: PrismMockOptions = {}): Promise<PrismMock> {
  const { createLogger, getHttpOperationsFromSpec, createServer } = await loadPrism();
  const operations = await getHttpOperationsFromSpec(options.spec ?? (await loadSpecDocument()));
  const logs: Array<{ level: string; msg: string; name?: string }> = [];
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line) continue;
      try {
        logs.push(JSON.parse(line) as { level: string; msg: string });
      } catch {
        logs.push({ level: "info", msg: line });
      }
    }
  });
  // prism-core's own logger: a plain pino logger lacks the custom levels Prism calls. prism-core
  // types it with pino 6, which ships no types, so it is `any` to the checker.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- `any`, as said above
  const base = createLogger("TEST", { level: "warn", formatters: { level: (level: string) => ({ level }) } }, stream);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access
  const logger = base.child({ name: "HTTP SERVER" });
  const server = createServer(operations, {
    cors: options.cors ?? false,
    components: { logger },
    config: {
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      errors: options.errors ?? false,
      upstreamProxy: undefined,
      mock: { dynamic: options.dynamic ?? false },
      ...(options.upstream ? { isProxy: true, upstream: new URL(options.upstream) } : { isProxy: false }),
    },
  });
  const address = await server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  const close = () => server.close();
  return { url: address.replace(/\/$/, ""), logs, close, [Symbol.asyncDispose]: close };
}

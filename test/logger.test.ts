import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { CognigyConfigError, createCognigyClient, type CognigyLogger, type LogFields } from "../src/index.js";
import { faults, startFaultServer } from "../src/testing/servers/fault-server.js";

// The `logger` option: what each level is told, in pino's argument order, and silence by default.
// (That no line holds a secret is checked in redaction.test.ts.)
const AGENT_ID = "5ce7c2d833ea1e04d7e6c432";
let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => void (server = await startFaultServer()));
afterAll(() => server.close());

function recording() {
  const lines: Array<{ level: string; fields: LogFields; message: string }> = [];
  const logger: CognigyLogger = Object.fromEntries(
    (["debug", "info", "warn", "error"] as const).map((level) => [
      level,
      (fields: LogFields, message: string) => void lines.push({ level, fields, message }),
    ]),
  );
  return { lines, logger };
}

const getAgent = (baseUrl: string, options: object = {}) =>
  createCognigyClient({
    baseUrl,
    apiKey: "log-key",
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    ...options,
  }).aiAgents.get({ params: { path: { aiAgentId: AGENT_ID } } });

describe("logger", () => {
  test("debug: each attempt with method, redacted URL, status, duration and attempt; warn: each retry", async () => {
    const { lines, logger } = recording();
    const { baseUrl } = server.case(faults.problem(502, "Bad Gateway"), faults.json(200, { name: "agent" }));
    await getAgent(baseUrl, { logger });
    const url = `${baseUrl}/v2.0/aiagents/${AGENT_ID}`;
    expect(lines).toEqual([
      {
        level: "debug",
        fields: { method: "GET", url, status: 502, durationMs: expect.any(Number), attempt: 1 },
        message: expect.stringMatching(new RegExp(`^GET ${url} → 502 in \\d+ ms \\(attempt 1\\)$`)),
      },
      {
        level: "warn",
        fields: { method: "GET", url, retry: 1, delayMs: expect.any(Number), status: 502, error: undefined },
        message: expect.stringMatching(/^answered 502; retry 1 of 2 in \d+ ms$/),
      },
      {
        level: "debug",
        fields: { method: "GET", url, status: 200, durationMs: expect.any(Number), attempt: 2 },
        message: expect.stringMatching(/→ 200 in \d+ ms \(attempt 2\)$/),
      },
    ]);
  });

  test("error: a call that ends without an answer (a timeout, a refused connection)", async () => {
    const { lines, logger } = recording();
    const { baseUrl } = server.case(faults.slow(500, faults.json(200, {})));
    await getAgent(baseUrl, { logger, timeout: 50, retry: { maxRetries: 0 } }).catch(() => undefined);
    expect(lines.at(-1)).toMatchObject({
      level: "error",
      fields: { method: "GET", error: "CognigyTimeoutError", timeoutMs: 50, attempt: 1, queued: false },
      message: expect.stringContaining("timed out after 50 ms"),
    });
    const refused = recording();
    await getAgent(server.case(faults.resetBeforeResponse()).baseUrl, {
      logger: refused.logger,
      retry: { maxRetries: 1, initialDelayMs: 1 },
    }).catch(() => undefined);
    expect(refused.lines.map((line) => line.level)).toEqual(["debug", "warn", "debug", "error"]);
    expect(refused.lines.at(-1)).toMatchObject({ fields: { error: "CognigyConnectionError", attempt: 2 } });
  });

  test("console fits as it is; levels left out are silent; a logger that throws does not fail the call", async () => {
    const debug = vi.spyOn(console, "debug").mockImplementation(() => undefined);
    try {
      await getAgent(server.case(faults.json(200, { name: "a" })).baseUrl, { logger: console });
      expect(debug).toHaveBeenCalledWith(
        expect.objectContaining({ method: "GET", status: 200 }),
        expect.stringContaining("→ 200"),
      );
    } finally {
      debug.mockRestore();
    }
    const { data } = await getAgent(server.case(faults.json(200, { name: "b" })).baseUrl, {
      logger: { warn: () => undefined },
    });
    expect(data?.name).toBe("b");
    const throwing = await getAgent(server.case(faults.json(200, { name: "c" })).baseUrl, {
      logger: {
        debug: () => {
          throw new Error("disk full");
        },
      },
    });
    expect(throwing.data?.name).toBe("c");
  });

  test("silent by default: nothing reaches the console", async () => {
    const spies = (["log", "debug", "info", "warn", "error"] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
    try {
      await getAgent(server.case(faults.problem(503, "Unavailable"), faults.json(200, {})).baseUrl);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  test.each([
    ["a string", "console"],
    ["a level that is not a function", { warn: "yes" }],
  ])("refuses %s", (_, logger) => {
    expect(() => createCognigyClient({ baseUrl: "https://x.example", apiKey: "k", logger: logger as never })).toThrow(
      CognigyConfigError,
    );
  });
});

import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, test } from "vitest";
import {
  CognigyUnexpectedResponseError,
  createCognigyClient,
  csvRecords,
  type CsvRecord,
  type XmlDocument,
} from "../src/index.js";
import { halList } from "../src/pagination/hal-list.js";
import { faults, startFaultServer } from "../src/testing/servers/fault-server.js";

// Named operations: the seed pages' two (see client.test.ts for why a release that changes them fails here).
const client = createCognigyClient({ baseUrl: inject("prismUrl"), apiKey: "content-key" });
const AGENT = "/v2.0/aiagents/{aiAgentId}" as const;
const LLMS = "/v2.0/largelanguagemodels" as const;
const params = { path: { aiAgentId: "5ce7c2d833ea1e04d7e6c432" } };

describe("content negotiation against Prism", () => {
  test("JSON is the default and typed from the spec", async () => {
    const { data, response } = await client.GET(LLMS);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expectTypeOf(data!.items![0]!.name).toEqualTypeOf<string>();
    expect(data!.items![0]!.name).toBe("Large language model for customer service");
  });

  test.each([LLMS, AGENT] as const)("HAL (%s) is JSON typed with _links and _embedded", async (path) => {
    const { data, response } = await (path === LLMS
      ? client.GET(LLMS, { accept: "hal" })
      : client.GET(AGENT, { params, accept: "hal" }));
    expect(response.headers.get("content-type")).toMatch(/^application\/hal\+json/);
    expectTypeOf(data!._links).toEqualTypeOf<
      Record<string, { href: string; templated?: boolean } | Array<{ href: string }>> | undefined
    >();
    expect(data).toHaveProperty(path === LLMS ? "items" : "name");
  });

  test("XML is parsed into plain objects shaped like the JSON: lists are arrays, numbers and booleans where the spec says", async () => {
    const list = await client.GET(LLMS, { accept: "xml" });
    expectTypeOf(list.data!).toEqualTypeOf<XmlDocument>();
    expect(list.response.headers.get("content-type")).toMatch(/^application\/xml/);
    expect(list.data).toMatchObject({
      xml: { items: [{ name: "Large language model for customer service", provider: "azureOpenAI" }], total: 1 },
    });
    const agent = await client.GET(AGENT, { params, accept: "xml" });
    expect(agent.data).toMatchObject({ xml: { name: "Cognigy AI Agent", enableVoiceConfigs: false } });
  });

  test("text/xml is parsed too", async () => {
    const { data } = await client.GET(AGENT, { params, accept: "text/xml" });
    expect(data).toMatchObject({ xml: { _id: "5ce7c2d833ea1e04d7e6c432", name: "Example" } });
  });

  test.each([LLMS, AGENT] as const)("CSV (%s) is parsed into records", async (path) => {
    const { data } = await (path === LLMS
      ? client.GET(LLMS, { accept: "csv" })
      : client.GET(AGENT, { params, accept: "csv" }));
    expectTypeOf(data!).toEqualTypeOf<CsvRecord[]>();
    expect(data).toEqual([
      {
        _id: "5ce7c2d833ea1e04d7e6c432",
        name: "Example",
        createdAt: "1694518620",
        lastChanged: "1694518620",
        createdBy: "5ce7c2d833ea1e04d7e6c433",
        lastChangedBy: "5ce7c2d833ea1e04d7e6c433",
      },
    ]);
  });

  test("raw text and streams stay available", async () => {
    const text = await client.GET(LLMS, { accept: "csv", parseAs: "text" });
    expectTypeOf(text.data!).toEqualTypeOf<string>();
    expect(text.data).toMatch(/^_id,name,/);
    const stream = await client.GET(LLMS, { accept: "csv", parseAs: "stream" });
    expect(stream.data).toBeInstanceOf(ReadableStream);
    await stream.data!.cancel();
  });

  test("csvRecords streams records from the body", async () => {
    const rows: CsvRecord[] = [];
    for await (const row of csvRecords(client.GET(LLMS, { accept: "csv", parseAs: "stream" }))) rows.push(row);
    expect(rows.map((row) => row.name)).toEqual(["Example"]);
  });

  test("halList normalizes a HAL list", () => {
    const body = {
      _embedded: { largelanguagemodels: [{ name: "a" }, { name: "b" }] },
      _links: { next: { href: "/v2.0/largelanguagemodels?next=5ce7c2d833ea1e04d7e6c432" } },
      total: 7,
    };
    expect(halList(body)).toEqual({
      items: [{ name: "a" }, { name: "b" }],
      next: "/v2.0/largelanguagemodels?next=5ce7c2d833ea1e04d7e6c432",
      total: 7,
    });
    expect(halList({ items: [1] })).toEqual({ items: [1], next: undefined, total: undefined });
  });

  test("a client can default to HAL, and a call can still ask for CSV", async () => {
    const halClient = createCognigyClient({ baseUrl: inject("prismUrl"), apiKey: "content-key", accept: "hal" });
    const hal = await halClient.GET(LLMS);
    expect(hal.response.headers.get("content-type")).toMatch(/^application\/hal\+json/);
    expect(hal.data).toHaveProperty("items");
    const csv = await halClient.GET(LLMS, { accept: "csv" });
    expect(csv.data).toEqual([expect.objectContaining({ name: "Example" })]);
  });

  test("an unknown accept value is a configuration error", async () => {
    await expect(client.GET(LLMS, { accept: "image/png" as "csv" })).rejects.toThrow(
      /accept: unsupported media type "image\/png"/,
    );
  });
});

describe("bodies that do not match what was asked for", () => {
  let server: Awaited<ReturnType<typeof startFaultServer>>;
  beforeAll(async () => void (server = await startFaultServer()));
  afterAll(() => server.close());
  const csv =
    (body: string, type = "text/csv") =>
    (response: ServerResponse) =>
      void response.writeHead(200, { "content-type": type }).end(body);

  test.each([
    [
      "XML asked, HTML served",
      "xml",
      faults.html(200, "Login"),
      "text/html",
      /expected XML but got another content type/,
    ],
    [
      "malformed XML",
      "xml",
      csv("<xml><name>cut</xml>", "application/xml"),
      "application/xml",
      /the XML body is malformed \(line 1: /,
    ],
    ["malformed CSV", "csv", csv('a,b\n"unclosed,2\n'), "text/csv", /the CSV body is malformed/],
    [
      "an empty body where the spec promises one",
      "json",
      faults.empty(200),
      "",
      /the body is empty but the spec promises one/,
    ],
    ["CSV asked, JSON served", "csv", faults.json(200, { items: [] }), "application/json", /expected CSV/],
  ] as const)(
    "%s is a CognigyUnexpectedResponseError with status, content type and excerpt",
    async (_, accept, fault, contentType, reason) => {
      const { baseUrl } = server.case(fault);
      const faulty = createCognigyClient({ baseUrl, apiKey: "k", retry: { maxRetries: 0 } });
      const error = await faulty.GET(AGENT, { params, accept }).then(
        () => expect.unreachable("expected a rejection"),
        (e: unknown) => e as CognigyUnexpectedResponseError,
      );
      expect(error).toBeInstanceOf(CognigyUnexpectedResponseError);
      expect(error).toMatchObject({ status: 200, contentType, method: "GET" });
      expect(error.message).toMatch(reason);
    },
  );

  test("csvRecords reports a stream that breaks off mid-record", async () => {
    const { baseUrl } = server.case((response) => {
      response.writeHead(200, { "content-type": "text/csv", "content-length": "1000" });
      response.write('a,b\n1,2\n3,"unterminated');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const faulty = createCognigyClient({ baseUrl, apiKey: "k", retry: { maxRetries: 0 } });
    const rows: CsvRecord[] = [];
    const error = await (async () => {
      for await (const row of csvRecords(faulty.GET(LLMS, { accept: "csv", parseAs: "stream" }))) rows.push(row);
    })().catch((e: unknown) => e);
    expect(rows).toEqual([{ a: "1", b: "2" }]);
    expect(error).toBeInstanceOf(CognigyUnexpectedResponseError);
  });

  test("csvRecords refuses a ragged record by number, after the records before it", async () => {
    const { baseUrl } = server.case(
      (response) => void response.writeHead(200, { "content-type": "text/csv" }).end("a,b\n1,2\n3\n4,5\n"),
    );
    const client = createCognigyClient({ baseUrl, apiKey: "k" });
    const rows: CsvRecord[] = [];
    const error = await (async () => {
      for await (const row of csvRecords(client.GET(LLMS, { accept: "csv", parseAs: "stream" }))) rows.push(row);
    })().catch((e: unknown) => e as Error);
    expect(rows).toEqual([{ a: "1", b: "2" }]);
    expect(error).toBeInstanceOf(CognigyUnexpectedResponseError);
    expect((error as Error).message).toContain("the CSV body is malformed (record 2 has 1 fields, the header 2)");
    // Parsed whole, the same body is refused the same way.
    const whole = await client.GET(LLMS, { accept: "csv" }).catch((e: unknown) => e as Error);
    expect((whole as Error).message).toContain("record 2 has 1 fields, the header 2");
  });

  test("csvRecords answers overlapping next() calls in order, and a break cancels the download", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("n\n1\n2\n"));
        setTimeout(() => controller.enqueue(new TextEncoder().encode("3\n4\n")), 20);
      },
      cancel: () => void (cancelled = true),
    });
    const response = new Response(body, { headers: { "content-type": "text/csv" } });
    const records = csvRecords(Promise.resolve({ data: response.body, response }));
    const four = await Promise.all([records.next(), records.next(), records.next(), records.next()]);
    expect(four.map((result) => result.value)).toEqual([{ n: "1" }, { n: "2" }, { n: "3" }, { n: "4" }]);
    await records.return();
    expect(cancelled).toBe(true);
    expect(await records.next()).toEqual({ done: true, value: undefined });
  });
});

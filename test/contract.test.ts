import { readFileSync } from "node:fs";
import { dereference } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPrismMock, type PrismMock } from "../src/testing/servers/prism.js";
import { listOperations, type OpenApiDocument } from "../src/codegen/openapi-document.js";
import { createCognigyClient, type CognigyClient } from "../src/index.js";
import { sampleFromSchema } from "../scripts/servers/sample-from-schema.js";

// Walks every operation of the normalized spec, so it grows with each Cognigy release. It starts
// its own Prism (in-process, 127.0.0.1) to read Prism's validation log: a request the spec rejects
// or a response that breaks the spec fails the test, not only a wrong status.
const spec = JSON.parse(readFileSync("generated/openapi.json", "utf8")) as OpenApiDocument;
const resolved = (await dereference(structuredClone(spec) as never)) as unknown as OpenApiDocument;
const all = listOperations(resolved).map(([method, path, operation]) => ({
  name: `${method.toUpperCase()} ${path} (${String(operation["operationId"])})`,
  method,
  path,
  operation: operation as Record<string, any>,
}));
// CONTRACT_SAMPLE=N walks N operations spread evenly over the spec (npm run test:scale sets it for
// the full-size spec); unset, every operation.
const sampleSize = Number(process.env["CONTRACT_SAMPLE"] ?? 0);
const cases =
  sampleSize > 0 && sampleSize < all.length
    ? Array.from({ length: sampleSize }, (_, n) => all[Math.floor((n * all.length) / sampleSize)]!)
    : all;

let prism: PrismMock;
let client: CognigyClient;
beforeAll(async () => {
  prism = await startPrismMock({ spec: "generated/openapi.json" });
  client = createCognigyClient({ baseUrl: prism.url, apiKey: "contract-test-key" });
});
afterAll(() => prism?.close());

function buildRequest(operation: Record<string, any>) {
  const params: Record<"path" | "query" | "header", Record<string, unknown>> = { path: {}, query: {}, header: {} };
  for (const parameter of operation["parameters"] ?? []) {
    if (parameter.in === "header" && parameter.name.toLowerCase() === "accept") continue;
    if (parameter.in in params) params[parameter.in as "path"][parameter.name] = sampleFromSchema(parameter.schema);
  }
  const body = operation["requestBody"]?.content?.["application/json"]?.schema;
  return { params, ...(body ? { body: sampleFromSchema(body) } : {}) };
}

function successResponse(operation: Record<string, any>): [string, Record<string, any>] {
  const entry = Object.entries(operation["responses"] as Record<string, any>).find(([status]) =>
    /^2\d\d$/.test(status),
  );
  if (!entry) throw new Error(`${operation["operationId"]} declares no 2xx response`);
  return entry;
}

function violations(): string[] {
  return prism.logs.filter((line) => /^Violation: response/.test(line.msg)).map((line) => line.msg);
}

describe("contract: every operation of generated/openapi.json", () => {
  test("covers at least the two seed operations", () => {
    expect(all.map((c) => c.operation["operationId"])).toEqual(
      expect.arrayContaining(["indexLargeLanguageModels_2_0", "readAiAgent_2_0"]),
    );
  });

  describe.each(cases)("$name", ({ method, path, operation }) => {
    test("answers a schema-built request with its documented 2xx JSON and no spec violation", async () => {
      const before = prism.logs.length;
      const [status, success] = successResponse(operation);
      const { data, error, response } = await client.request(
        method as "get",
        path as "/v2.0/largelanguagemodels",
        buildRequest(operation) as never,
      );
      expect({ status: response.status, error }).toEqual({ status: Number(status), error: undefined });
      expect(response.headers.get("sl-violations")).toBeNull();
      if (success["content"]) {
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        expect(data).toBeDefined();
      } else {
        // A documented empty answer (204 No Content): nothing to read, and nothing made up.
        expect(data).toBeUndefined();
      }
      expect(prism.logs.slice(before).filter((l) => /violation|did not pass/i.test(l.msg))).toEqual([]);
    });

    test.skipIf(!successResponse(operation)[1]["content"])(
      "serves every media type its success response declares",
      async () => {
        const [status, response] = successResponse(operation);
        const mediaTypes = Object.keys(response["content"] as object);
        expect(mediaTypes.length).toBeGreaterThan(0);
        for (const accept of mediaTypes) {
          const result = await client.request(
            method as "get",
            path as "/v2.0/largelanguagemodels",
            { ...buildRequest(operation), headers: { Accept: accept }, parseAs: "text" } as never,
          );
          expect({ accept, status: result.response.status }).toEqual({ accept, status: Number(status) });
          expect(result.response.headers.get("content-type")).toContain(accept);
          expect((result.data as unknown as string).length).toBeGreaterThan(0);
        }
      },
    );

    test("refuses a request without credentials with 401", async () => {
      const anonymous = createCognigyClient({ baseUrl: prism.url, auth: "none" });
      const { response, error } = await anonymous.request(
        method as "get",
        path as "/v2.0/largelanguagemodels",
        buildRequest(operation) as never,
      );
      expect(response.status).toBe(401);
      expect(error).toMatchObject({ status: 401 });
    });
  });

  test("Prism logged no response that breaks the spec", () => {
    expect(violations()).toEqual([]);
  });
});

// What an operation's fingerprint covers (src/shared/fingerprint.ts): what a call depends on, and
// nothing that only documents it.
import { describe, expect, test } from "vitest";
import { changedParts, fingerprintOperation, MAX_FINGERPRINT_NODES } from "../src/shared/fingerprint.js";

// A small spec: one operation with a path-level parameter, a body, and a response whose schema
// refers to a component that refers to itself.
function spec() {
  return {
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: {
      "/v2.0/things/{thingId}": {
        parameters: [
          { in: "path", name: "thingId", required: true, schema: { type: "string" }, description: "The thing." },
        ],
        post: {
          operationId: "updateThing",
          summary: "Update a thing",
          tags: ["Things"],
          parameters: [{ in: "query", name: "dryRun", required: false, schema: { type: "boolean" }, example: true }],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
          },
          responses: {
            "200": {
              description: "OK",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: "object",
          title: "A thing",
          properties: {
            name: { type: "string", example: "a" },
            description: { type: "string" },
            parent: { $ref: "#/components/schemas/Thing" },
          },
          "x-internal": true,
        },
      },
    },
  };
}

const fingerprint = (document: ReturnType<typeof spec>) =>
  fingerprintOperation(
    document,
    document.paths["/v2.0/things/{thingId}"],
    document.paths["/v2.0/things/{thingId}"].post,
  );

describe("fingerprintOperation", () => {
  test("is three hashes, the same for the same spec, whatever the key order", () => {
    const print = fingerprint(spec());
    expect(print).toMatch(/^2:[0-9a-f]{8}\.[0-9a-f]{8}\.[0-9a-f]{8}$/);
    const reordered = JSON.parse(
      JSON.stringify(spec(), (_, value: unknown) =>
        value && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
    ) as ReturnType<typeof spec>;
    expect(fingerprint(reordered)).toBe(print);
  });

  test("leaves out what only documents: descriptions, summaries, examples, titles, tags, x- extensions", () => {
    const changed = spec();
    const path = changed.paths["/v2.0/things/{thingId}"];
    path.parameters[0]!.description = "Another text.";
    path.post.summary = "Change a thing";
    path.post.tags = ["Other"];
    path.post.parameters[0]!.example = false;
    path.post.responses["200"].description = "Fine";
    const thing = changed.components.schemas.Thing as Record<string, unknown>;
    thing["title"] = "Another title";
    thing["x-internal"] = false;
    (thing["properties"] as { name: { example: string } }).name.example = "b";
    expect(fingerprint(changed)).toBe(fingerprint(spec()));
  });

  test("tells which part changed: parameters (the path item's too), request body, responses", () => {
    const parameter = spec();
    parameter.paths["/v2.0/things/{thingId}"].parameters[0]!.schema = { type: "integer" };
    expect(changedParts(fingerprint(spec()), fingerprint(parameter))).toEqual(["parameters"]);

    const body = spec();
    body.paths["/v2.0/things/{thingId}"].post.requestBody.required = false;
    expect(changedParts(fingerprint(spec()), fingerprint(body))).toEqual(["requestBody"]);

    // A component both use changes both; a property named like a documentation keyword is part of the body.
    const component = spec();
    delete (component.components.schemas.Thing.properties as Record<string, unknown>)["description"];
    expect(changedParts(fingerprint(spec()), fingerprint(component))).toEqual(["requestBody", "responses"]);

    const status = spec();
    (status.paths["/v2.0/things/{thingId}"].post.responses as Record<string, unknown>)["409"] = {
      description: "Conflict",
    };
    expect(changedParts(fingerprint(spec()), fingerprint(status))).toEqual(["responses"]);
  });

  test("an operation's own parameter wins over the path item's of the same name and place", () => {
    const overridden = spec();
    overridden.paths["/v2.0/things/{thingId}"].post.parameters.push({
      in: "path",
      name: "thingId",
      required: true,
      schema: { type: "integer" },
    } as never);
    const same = spec();
    same.paths["/v2.0/things/{thingId}"].parameters[0]!.schema = { type: "integer" };
    expect(fingerprint(overridden)).toBe(fingerprint(same));
  });

  test("expands each referenced schema once: a schema referring to the next one twice, 40 levels deep, is quick", () => {
    // Inlined, this is 2^40 schemas; once per reference, 40.
    const schemas = Object.fromEntries(
      Array.from({ length: 41 }, (_, n) => [
        `S${n}`,
        n === 40
          ? { type: "string" }
          : { allOf: [{ $ref: `#/components/schemas/S${n + 1}` }, { $ref: `#/components/schemas/S${n + 1}` }] },
      ]),
    );
    const operation = {
      responses: {
        "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/S0" } } } },
      },
    };
    const document = { openapi: "3.0.3", paths: { "/x": { get: operation } }, components: { schemas } };
    expect(fingerprintOperation(document, document.paths["/x"], operation)).toMatch(/^2:/);
    // A different leaf changes the responses' hash.
    const changed = structuredClone(document);
    changed.components.schemas["S40"] = { type: "integer" };
    expect(
      changedParts(
        fingerprintOperation(document, document.paths["/x"], operation),
        fingerprintOperation(changed, changed.paths["/x"], changed.paths["/x"].get),
      ),
    ).toEqual(["responses"]);
  });

  test(`refuses an operation whose schemas hold more than ${MAX_FINGERPRINT_NODES} nodes with a RangeError that says so`, () => {
    const properties = Object.fromEntries(
      Array.from({ length: MAX_FINGERPRINT_NODES }, (_, n) => [`p${n}`, { type: "string" }]),
    );
    const operation = {
      responses: {
        "200": { description: "ok", content: { "application/json": { schema: { type: "object", properties } } } },
      },
    };
    expect(() => fingerprintOperation({ paths: {} }, {}, operation)).toThrow(
      new RangeError(`an operation's schemas hold more than ${MAX_FINGERPRINT_NODES} nodes`),
    );
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { extractDocsPageSpec, listApiReferencePages } from "../scripts/codegen/lib/docs-pages.js";
import { mergeSpecs } from "../scripts/codegen/lib/merge-specs.js";
import { compareVersions, listOperations, serializeDocument } from "../src/codegen/openapi-document.js";
import { isSpecError } from "../src/codegen/spec-error.js";
import { validateSpec } from "../src/codegen/validate-spec.js";

const page = (name: string) => readFileSync(`test/fixtures/docs-pages/${name}`, "utf8");
const part = (name: string) => extractDocsPageSpec(page(name), name);

function specError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isSpecError(error)).toBe(true);
    expect((error as Error).message).not.toContain("\n");
    return (error as Error).message;
  }
  throw new Error("expected a SpecError");
}

describe("extractDocsPageSpec", () => {
  test("reads the OpenAPI document a Cognigy docs page embeds", () => {
    const { operation, document } = part("get-an-ai-agent.md");
    expect(operation).toBe("get /v2.0/aiagents/{aiAgentId}");
    expect(document.info.version).toBe("2026.10.1");
    expect(Object.keys(document.paths)).toEqual(["/v2.0/aiagents/{aiAgentId}"]);
  });

  test("accepts Windows line endings", () => {
    expect(extractDocsPageSpec(page("conflict-a.md").replace(/\n/g, "\r\n"), "crlf.md").operation).toBe(
      "get /v2.0/flows/{flowId}",
    );
  });

  test("names the page when it has no OpenAPI block", () => {
    expect(specError(() => extractDocsPageSpec("# Just prose\n", "prose.md"))).toBe(
      "prose.md: no embedded OpenAPI block found",
    );
    expect(specError(() => extractDocsPageSpec("<!doctype html><html>", "login.html"))).toMatch(/got HTML/);
  });

  test("names the page when its block is not closed or not YAML", () => {
    expect(specError(() => extractDocsPageSpec(page("conflict-a.md").replace(/````\s*$/, ""), "open.md"))).toMatch(
      /never closed/,
    );
    expect(specError(() => part("broken-yaml.md"))).toMatch(
      /^broken-yaml\.md: the embedded OpenAPI block is not valid YAML/,
    );
  });

  test("refuses a block that does not describe the operation its fence names", () => {
    const renamed = page("conflict-a.md").replace("get /v2.0/flows/{flowId}", "post /v2.0/flows");
    expect(specError(() => extractDocsPageSpec(renamed, "wrong.md"))).toMatch(/does not describe post \/v2.0\/flows/);
  });
});

describe("listApiReferencePages", () => {
  test("keeps the API reference pages of an llms.txt index, once each, in order", () => {
    const index = [
      "# Cognigy Docs",
      "- [Get an AI Agent](https://docs.cognigy.com/api-reference/ai-agents/get-an-ai-agent.md): Gets an AI Agent",
      "- [LLMs](https://docs.cognigy.com/ai/agents/develop/gen-ai-and-llms/llms.md)",
      "- [Get LLMs](https://docs.cognigy.com/api-reference/large-language-models/get-large-language-models.md)",
      "- [Get an AI Agent again](https://docs.cognigy.com/api-reference/ai-agents/get-an-ai-agent.md)",
    ].join("\n");
    expect(listApiReferencePages(index, "https://docs.cognigy.com/llms.txt")).toEqual([
      "https://docs.cognigy.com/api-reference/ai-agents/get-an-ai-agent.md",
      "https://docs.cognigy.com/api-reference/large-language-models/get-large-language-models.md",
    ]);
  });
});

describe("mergeSpecs", () => {
  test("unions the seed pages and keeps the highest info.version", () => {
    const merged = mergeSpecs([part("get-large-language-models.md"), part("get-an-ai-agent.md")]);
    expect(merged.info.version).toBe("2026.10.1");
    expect(listOperations(merged).map(([m, p]) => `${m} ${p}`)).toEqual([
      "get /v2.0/aiagents/{aiAgentId}",
      "get /v2.0/largelanguagemodels",
    ]);
    expect(Object.keys(merged.components?.["securitySchemes"] ?? {})).toEqual([
      "APIKeyHeader",
      "APIKeyQueryParam",
      "BasicAuth",
      "CXoneTokenHeader",
      "OAuth2",
    ]);
  });

  test("gives the same bytes whatever order the pages arrive in", () => {
    const forward = serializeDocument(mergeSpecs([part("get-large-language-models.md"), part("get-an-ai-agent.md")]));
    const backward = serializeDocument(mergeSpecs([part("get-an-ai-agent.md"), part("get-large-language-models.md")]));
    expect(backward).toBe(forward);
  });

  test("merges identical duplicates once", () => {
    const merged = mergeSpecs([part("conflict-a.md"), part("conflict-a.md")]);
    expect(listOperations(merged)).toHaveLength(1);
    expect(Object.keys(merged.components?.["schemas"] ?? {})).toEqual(["Flow"]);
  });

  test("refuses conflicting definitions and names each of them", () => {
    const message = specError(() => mergeSpecs([part("conflict-a.md"), part("conflict-b.md")]));
    expect(message).toMatch(/^refusing to merge 2 conflicting definitions: /);
    expect(message).toContain("paths./v2.0/flows/{flowId}.get (conflict-a.md @2026.10.0 vs conflict-b.md @2026.10.2)");
    expect(message).toContain("components.schemas.Flow (conflict-a.md @2026.10.0 vs conflict-b.md @2026.10.2)");
  });

  test("refuses to merge nothing", () => {
    expect(specError(() => mergeSpecs([]))).toMatch(/nothing to merge/);
  });
});

describe("compareVersions", () => {
  test("orders Cognigy release numbers segment by segment", () => {
    expect(compareVersions("2026.10.10", "2026.10.9")).toBeGreaterThan(0);
    expect(compareVersions("2026.9.0", "2026.10.0")).toBeLessThan(0);
    expect(compareVersions("2026.10.1", "2026.10.1")).toBe(0);
    expect(compareVersions(undefined, "1.0.0")).toBeLessThan(0);
  });
});

describe("validateSpec", () => {
  test("accepts the merged seed pages", async () => {
    const merged = mergeSpecs([part("get-large-language-models.md"), part("get-an-ai-agent.md")]);
    await expect(validateSpec(merged, "seeds")).resolves.toBe(merged);
  });

  test("refuses a document that breaks the OpenAPI schema, naming the problem", async () => {
    const error = await validateSpec(part("invalid-openapi.md").document, "invalid-openapi.md").catch(
      (e: unknown) => e as Error,
    );
    expect(isSpecError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^invalid-openapi\.md: invalid OpenAPI document: .*description/);
  });

  test("refuses something that is not OpenAPI 3 at all", async () => {
    await expect(validateSpec({ swagger: "2.0" }, "old.json")).rejects.toThrow(/not an OpenAPI 3\.x document/);
    await expect(validateSpec([], "array.json")).rejects.toThrow(/not an OpenAPI 3\.x document/);
  });
});

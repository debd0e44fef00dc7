import type { TestProject } from "vitest/node";
import { startPrismMock } from "../../src/testing/servers/prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock serving generated/openapi.json. */
    prismUrl: string;
  }
}

/**
 * Starts Prism in this process on a free port of 127.0.0.1 for the whole run. Vitest calls the
 * returned teardown after the last test, whether tests passed or failed.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrismMock({ spec: "generated/openapi.json" });
  project.provide("prismUrl", prism.url);
  return () => prism.close();
}

/** `prism-child.ts SPEC` — prints `{ ms }` from start to Prism listening on SPEC (for the bench). */
import { startPrismMock } from "../../src/testing/servers/prism.js";

const started = performance.now();
const prism = await startPrismMock({ spec: process.argv[2]! });
const ms = performance.now() - started;
await prism.close();
console.log(JSON.stringify({ ms }));

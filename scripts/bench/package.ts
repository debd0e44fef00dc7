import type * as Package from "../../src/index.js";

/** The package as users get it (npm run bench builds dist/ first), typed by its sources. */
const dist = "../../dist/index.js";
export const built = (await import(dist)) as typeof Package;

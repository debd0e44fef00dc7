import { defineConfig } from "vitest/config";

// The slow suite, run by `npm run test:release` (and .ci/run): the package as users install it
// (npm pack into consumer projects, a browser) and the release flow end to end.
export default defineConfig({
  test: {
    include: ["test/release/**/*.test.ts"],
    globalSetup: ["test/support/prism-global-setup.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});

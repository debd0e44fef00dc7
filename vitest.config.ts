import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The slow release suite has its own config (npm run test:release).
    exclude: ["test/release/**", "**/node_modules/**"],
    // Starts Prism once on 127.0.0.1 from generated/openapi.json and stops it after the run.
    globalSetup: ["test/support/prism-global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

import { defineConfig } from "tsdown";

// dist/: ESM (.js) and CJS (.cjs) builds of src/index.ts and of the test kit (src/testing/index.ts,
// `cognigy-openapi-client/testing`) with declaration files for both. The generated types are
// bundled into the declarations; runtime dependencies stay external.
export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node/index.ts", resumable: "src/transfer/resumable.ts", testing: "src/testing/index.ts", "testing/servers": "src/testing/servers/index.ts" },
  format: ["esm", "cjs"],
  platform: "neutral",
  target: "es2022",
  dts: { tsconfig: "tsconfig.build.json" },
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  deps: {
    // The test kit's servers (cognigy-openapi-client/testing/servers) use Node's own modules.
    neverBundle: [/^node:/],
    // p-queue (the client's request queue) is ESM-only: bundled into the request pipeline's chunk,
    // it serves the CommonJS build on every Node 20, and users install nothing for it. Any other
    // package found in the bundle fails the build.
    onlyBundle: ["p-queue", "eventemitter3", "p-timeout"],
  },
});

import { defineConfig } from "tsdown";

// dist/: ESM (.js) and CJS (.cjs) builds of src/index.ts and of the test kit (src/testing/index.ts,
// `cognigy-openapi-client/testing`) with declaration files for both. The generated types are
// bundled into the declarations; runtime dependencies stay external.
export default defineConfig({
  entry: { index: "src/index.ts", testing: "src/testing/index.ts", "testing/servers": "src/testing/servers/index.ts" },
  format: ["esm", "cjs"],
  platform: "neutral",
  target: "es2022",
  dts: { tsconfig: "tsconfig.build.json" },
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  // The test kit's servers (cognigy-openapi-client/testing/servers) use Node's own modules.
  external: [/^node:/],
});

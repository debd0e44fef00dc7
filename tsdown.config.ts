import { defineConfig } from "tsdown";

// dist/: ESM (.mjs) and CJS (.cjs) builds of src/index.ts with declaration files for both. The
// generated types are bundled into the declarations; runtime dependencies stay external.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  platform: "neutral",
  target: "es2022",
  dts: { tsconfig: "tsconfig.build.json" },
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
});

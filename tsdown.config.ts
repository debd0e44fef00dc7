import { defineConfig } from "tsdown";

// dist/: ESM (.js) and CJS (.cjs) builds of the package's entries with declaration files for both.
// The generated types are bundled into the declarations; runtime dependencies stay external.
const library = defineConfig({
  entry: {
    index: "src/index.ts",
    node: "src/node/index.ts",
    resumable: "src/transfer/resumable.ts",
    testing: "src/testing/index.ts",
    "testing/servers": "src/testing/servers/index.ts",
  },
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
    // No package is bundled: the runtime's dependencies stay the user's to install and dedupe. Any
    // package found in the bundle fails the build.
    onlyBundle: [],
  },
});

// dist/cli.js: the `cognigy-openapi-client` command (ESM, Node). The generator's libraries are
// optional peer dependencies, left external and loaded only once the command has checked for them;
// each command is a chunk of its own, loaded when it runs.
const command = defineConfig({
  entry: { cli: "src/cli/bin.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  // dist/cli.js: the package is "type": "module".
  fixedExtension: false,
  dts: false,
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: false,
  deps: {
    neverBundle: [
      /^node:/,
      "openapi-typescript",
      "typescript",
      "yaml",
      "openapi-format",
      "@readme/openapi-parser",
      /^@stoplight\//,
    ],
    onlyBundle: [],
  },
});

export default [library, command];

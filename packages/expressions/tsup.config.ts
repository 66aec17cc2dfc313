import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/conformance.ts"],
  format: ["esm", "cjs"],
  dts: { entry: "src/index.ts" },
  // jsep is bundled so this package's parser never shares module state with a host's own jsep
  noExternal: ["jsep"],
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: false,
});

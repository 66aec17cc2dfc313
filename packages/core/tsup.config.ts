import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/testing.ts", "src/cli.ts"],
  format: ["esm", "cjs"],
  dts: { entry: ["src/index.ts", "src/testing.ts"] },
  sourcemap: true,
  clean: true,
  target: "node20",
  // one shared chunk: `@gennaker/core` and `@gennaker/core/testing` must share error classes
  splitting: true,
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // worker processes and the CLI run on dist: rebuild it first when the sources are newer
    globalSetup: ["test/global-setup.mjs"],
    testTimeout: 60_000,
    // each test file starts its own PostgreSQL server in beforeAll
    hookTimeout: 120_000,
  },
});

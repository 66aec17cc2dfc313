import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    // each test file starts its own PostgreSQL server in beforeAll
    hookTimeout: 120_000,
  },
});

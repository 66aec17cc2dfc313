/**
 * `--store` / `gennaker worker` without a database: argument parsing, store URLs, and the error
 * when @gennaker/postgres is not installed. (End to end on a real PostgreSQL: packages/postgres/test/cli.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "../../src/cli/args.js";
import { checkStoreUrl, loadPostgres, redact, StoreError } from "../../src/cli/store.js";

const notFound = (message: string) => {
  const error = new Error(message) as Error & { code: string };
  error.code = "ERR_MODULE_NOT_FOUND";
  return error;
};

describe("gennaker --store arguments", () => {
  it("parses run --store --no-wait and worker --store --concurrency", () => {
    expect(parseCliArgs(["run", "p.json", "--store", "postgres://db/x", "--no-wait"])).toMatchObject({ command: "run", store: "postgres://db/x", noWait: true });
    expect(parseCliArgs(["worker", "--store", "postgres://db/x"])).toEqual({ command: "worker", store: "postgres://db/x", concurrency: 4 });
    expect(parseCliArgs(["worker", "--store", "postgres://db/x", "--concurrency", "8"])).toMatchObject({ concurrency: 8 });
    expect(parseCliArgs(["help", "worker"])).toEqual({ command: "help", topic: "worker" });
  });

  it("refuses --no-wait without --store, --virtual-time with --store, a worker without a store or with a bad concurrency", () => {
    expect(() => parseCliArgs(["run", "p.json", "--no-wait"])).toThrow(UsageError);
    expect(() => parseCliArgs(["run", "p.json", "--store", "postgres://db/x", "--virtual-time"])).toThrow(/cannot be combined/);
    expect(() => parseCliArgs(["worker"])).toThrow(/--store postgres:\/\/\.\.\. is required/);
    expect(() => parseCliArgs(["worker", "--store", "postgres://db/x", "--concurrency", "0"])).toThrow(/whole number/);
  });

  it("accepts postgres:// and postgresql:// URLs only, and never prints passwords", () => {
    expect(checkStoreUrl("postgresql://u:p@h/d")).toBe("postgresql://u:p@h/d");
    expect(() => checkStoreUrl("mysql://u:secret@h/d")).toThrow(StoreError);
    expect(() => checkStoreUrl("mysql://u:secret@h/d")).not.toThrow(/secret/);
    expect(() => checkStoreUrl("not a url")).toThrow(/not a URL/);
    expect(redact("postgres://u:secret@h:5432/d")).toBe("postgres://u:***@h:5432/d");
  });

  it("says how to install @gennaker/postgres when it is missing, and does not disguise other failures", async () => {
    await expect(loadPostgres(async (s) => Promise.reject(notFound(`Cannot find package '${s}' imported from /app/node_modules/@gennaker/core/dist/cli.js`)))).rejects.toThrow(
      /needs the @gennaker\/postgres package, which is not installed[\s\S]*npm install @gennaker\/postgres/,
    );
    // a missing dependency of an installed @gennaker/postgres is reported as it is
    await expect(
      loadPostgres(async () => Promise.reject(notFound(`Cannot find package 'pg' imported from /app/node_modules/@gennaker/postgres/dist/index.js`))),
    ).rejects.toThrow(/Cannot find package 'pg'/);
    await expect(loadPostgres(async () => ({}))).rejects.toThrow(/too old/);
  });
});

#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { CanaryError, formatPath } from "./errors.js";
import { judge } from "./judge.js";
import { toKayentaJson } from "./judge-json.js";

/**
 * `judge-cli INPUT.json`: reads a judge input (`{config, metrics, thresholds, options?}`, or a whole
 * reference case with an `input` field) and prints the Kayenta-shaped result with Gennaker's extra
 * fields. On a judgement failure prints `{"exception": ..., "code": ..., "path": ...}` and exits 2.
 */
function main(argv: readonly string[]): number {
  const file = argv[0];
  if (file === undefined || file === "-h" || file === "--help") {
    process.stderr.write("usage: judge-cli INPUT.json   (use - for stdin)\n");
    return file === undefined ? 64 : 0;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file === "-" ? 0 : file, "utf8"));
  } catch (err) {
    process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
    return 66;
  }
  const input =
    raw !== null && typeof raw === "object" && "input" in raw && !("config" in raw) ? (raw as { input: unknown }).input : raw;
  try {
    process.stdout.write(`${toKayentaJson(judge(input), 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CanaryError) {
      process.stdout.write(`${toKayentaJson({ exception: err.message, code: err.code, path: formatPath(err.path) }, 2)}\n`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = main(process.argv.slice(2));

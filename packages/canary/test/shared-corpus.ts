import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (/work/main). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** The canary conformance corpus, `../shared/conformance/canary` relative to the repository. */
export const canaryCorpusDir = path.resolve(repoRoot, "../shared/conformance/canary");

/** Reads a JSON file of the canary corpus. */
export function readCorpus<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(canaryCorpusDir, file), "utf8")) as T;
}

/** Converts the corpus' "NaN"/"Infinity" strings to numbers. */
export function num(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  throw new Error(`not a number: ${JSON.stringify(v)}`);
}

/** Converts an array of corpus numbers. */
export function nums(v: unknown): number[] {
  return (v as unknown[]).map(num);
}

/** Asserts a number against an expected corpus value with an absolute tolerance (NaN equals NaN). */
export function closeTo(actual: number, expected: unknown, tolerance = 0): boolean {
  const e = num(expected);
  if (Number.isNaN(e)) return Number.isNaN(actual);
  if (tolerance === 0) return actual === e;
  return Math.abs(actual - e) <= tolerance;
}

/**
 * Test support for the Spinnaker walk corpus tests: loading the shared conformance material and
 * running one template string through the walk as a field of a map.
 * @module
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ExpressionEvaluator } from "../evaluator.js";
import { ExpressionEvaluationSummary } from "./summary.js";
import { ExpressionTransform, transformValueAsync } from "./transform.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The repository root (`/work/main` in the workspace layout). */
export const REPO_ROOT = path.resolve(HERE, "../../../..");
/** The shared SpEL conformance directory. */
export const CONFORMANCE_DIR = path.resolve(REPO_ROOT, "../shared/conformance/spel");

/** One entry of `spinnaker-cases.json`. */
export interface SpinnakerCase {
  id: string;
  kind: "expression" | "process" | "flow" | "function";
  test: string;
  expr?: string;
  call?: string;
  root?: Record<string, unknown>;
  input?: Record<string, unknown>;
  context?: unknown;
  variables?: Record<string, unknown>;
  allowUnknownKeys?: boolean;
  expected: Record<string, unknown>;
  notes?: string;
}

/** Loads `spinnaker-cases.json`. */
export function loadSpinnakerCases(): SpinnakerCase[] {
  return JSON.parse(readFileSync(path.join(CONFORMANCE_DIR, "spinnaker-cases.json"), "utf8")) as SpinnakerCase[];
}

/** A `cases.jsonl` entry joined with its `expected.jsonl` entry. */
export interface TemplateCase {
  id: string;
  expr: string;
  root: unknown;
  allowUnknownKeys?: boolean;
  urls?: Record<string, string>;
  expected: { transformed: unknown; summary: "NONE" | "INFO" | "ERROR"; transformedKind?: string };
}

/** The `cases.jsonl` entries with `mode: spinnaker` and `template: true`, with their expectations. */
export function loadSpinnakerTemplateCases(): TemplateCase[] {
  const lines = (f: string): Record<string, unknown>[] =>
    readFileSync(path.join(CONFORMANCE_DIR, f), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const expected = new Map(lines("expected.jsonl").map((e) => [String(e["id"]), e]));
  return lines("cases.jsonl")
    .filter((c) => c["mode"] === "spinnaker" && c["template"] === true)
    .map((c) => ({ ...(c as unknown as TemplateCase), expected: expected.get(String(c["id"])) as TemplateCase["expected"] }));
}

/** An evaluator whose `#fromUrl` serves the given fixtures and whose clock is fixed. */
export function evaluatorWithUrls(urls: Record<string, string> = {}): ExpressionEvaluator {
  return new ExpressionEvaluator({
    profile: "spinnaker",
    now: () => Date.UTC(2024, 3, 5, 19, 34, 38),
    services: {
      fetchUrl: async (url) => {
        if (Object.hasOwn(urls, url)) return urls[url]!;
        throw new Error(`no fixture for ${url}`);
      },
    },
  });
}

/** The level a summary reports for one field: NONE, INFO, or ERROR if any entry is an error. */
export function summaryLevel(summary: ExpressionEvaluationSummary): "NONE" | "INFO" | "ERROR" {
  if (summary.failureCount === 0) return "NONE";
  const all = Object.values(summary.results()).flat();
  return all.some((r) => r.level === "ERROR") ? "ERROR" : "INFO";
}

/** Walks `{[field]: text}` against `root` and returns the field's value and the summary. */
export function walkField(
  ev: ExpressionEvaluator,
  text: string,
  root: unknown,
  allowUnknownKeys: boolean,
  field = "value",
): { value: unknown; summary: ExpressionEvaluationSummary } {
  const t = new ExpressionTransform(ev, { root, allowUnknownKeys });
  const out = t.transformMap({ [field]: text });
  return { value: out[field], summary: t.summary };
}

/** {@link walkField}, performing URL fetches. */
export async function walkFieldAsync(
  ev: ExpressionEvaluator,
  text: string,
  root: unknown,
  allowUnknownKeys: boolean,
  field = "value",
): Promise<{ value: unknown; summary: ExpressionEvaluationSummary }> {
  const { result, summary } = await transformValueAsync(ev, { [field]: text }, { root, allowUnknownKeys });
  return { value: (result as Record<string, unknown>)[field], summary };
}

/**
 * One conformance case: evaluate, then print the result in the oracle's JSON shape.
 * @module
 */
import { ExpressionError } from "../errors.js";
import { isVirtualMap } from "../eval/access.js";
import { ExpressionEvaluator } from "../evaluator.js";
import { parseJavaJson } from "../functions/json.js";
import { transformValueAsync } from "../spinnaker/transform.js";
import { JavaArray, JavaChar, JavaDouble, JavaFloat, JavaInstance, JavaLong, NotEvaluable } from "../values/boxes.js";
import { formatDouble, formatFloat } from "../values/format.js";
import { isPlainObject, javaKind, javaSimpleName } from "../values/kinds.js";

interface Case {
  id?: unknown;
  expr?: unknown;
  template?: unknown;
  root?: unknown;
  variables?: unknown;
  mode?: unknown;
  allowUnknownKeys?: unknown;
  urls?: unknown;
}

const evaluators = new Map<string, ExpressionEvaluator>();

function evaluatorFor(profile: "spel" | "spinnaker", urls: Record<string, unknown>): ExpressionEvaluator {
  const key = `${profile}:${JSON.stringify(Object.keys(urls))}`;
  let ev = evaluators.get(key);
  if (!ev) {
    ev = new ExpressionEvaluator({
      profile,
      now: () => Date.UTC(2024, 3, 5, 19, 34, 38),
      services: {
        // fixture bodies instead of the network; Orca's URL restrictions still apply, with a fixed
        // public (documentation-range) DNS answer since the corpus's hosts are not resolvable here
        fetchUrl: Object.assign(
          async (url: string) => {
            if (Object.hasOwn(urls, url)) return String(urls[url]);
            throw new Error(`no fixture for ${url}`);
          },
          { [Symbol.for("gennaker.expressions.urlRestrictions")]: { lookup: async () => ["203.0.113.10"] } },
        ),
      },
    });
    evaluators.set(key, ev);
  }
  return ev;
}

/** The oracle's `kind` of a value. */
export function caseKind(v: unknown): string {
  if (isVirtualMap(v)) return "map";
  if (v instanceof NotEvaluable) return "object";
  return javaKind(v);
}

/** JSON text for a value, writing longs exactly and non-finite doubles as strings. */
export function toJsonText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string":
    case "boolean":
      return JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? JSON.stringify(v) : JSON.stringify(String(v));
    case "bigint":
      return v.toString();
  }
  if (v instanceof JavaLong) return v.value.toString();
  if (v instanceof JavaDouble) return Number.isFinite(v.value) ? formatDouble(v.value) : JSON.stringify(formatDouble(v.value));
  if (v instanceof JavaFloat) return Number.isFinite(v.value) ? formatFloat(v.value) : JSON.stringify(formatFloat(v.value));
  if (v instanceof JavaChar) return JSON.stringify(v.toString());
  if (Array.isArray(v) || v instanceof Set) return `[${[...v].map(toJsonText).join(",")}]`;
  if (v instanceof JavaArray) return `[${v.items.map(toJsonText).join(",")}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${JSON.stringify(String(k))}:${toJsonText(x)}`).join(",")}}`;
  if (isPlainObject(v)) return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${toJsonText(v[k])}`).join(",")}}`;
  if (isVirtualMap(v)) return toJsonText(v.toJSON());
  if (v instanceof NotEvaluable) return toJsonText(v.value);
  if (v instanceof JavaInstance) return JSON.stringify(v.toString());
  return JSON.stringify(String(v));
}


function errorFields(e: unknown): string {
  if (e instanceof ExpressionError) {
    const fields = [`"phase":${JSON.stringify(e.phase)}`, `"error":${JSON.stringify(`${e.exceptionType}: ${e.message}`)}`];
    if (e.spelCode) fields.push(`"code":${JSON.stringify(e.spelCode)}`);
    fields.push(`"errorCode":${JSON.stringify(e.code)}`);
    return fields.join(",");
  }
  return `"phase":"eval","error":${JSON.stringify(String(e))}`;
}

/** Runs one case line and returns the result line. */
export async function runCase(line: string, lineNo: number): Promise<string> {
  let c: Case;
  try {
    c = parseJavaJson(line) as Case;
  } catch (e) {
    return `{"id":"line-${lineNo}","ok":false,"phase":"runner","error":${JSON.stringify(String(e))}}`;
  }
  const id = JSON.stringify(String(c.id));
  const expr = String(c.expr ?? "");
  const spinnaker = c.mode === "spinnaker";
  const template = c.template === true;
  const allowUnknownKeys = typeof c.allowUnknownKeys === "boolean" ? c.allowUnknownKeys : spinnaker;
  const root = "root" in (c as object) ? c.root : Object.create(null);
  const variables = isPlainObject(c.variables) ? c.variables : undefined;
  const urls = isPlainObject(c.urls) ? c.urls : {};
  const ev = evaluatorFor(spinnaker ? "spinnaker" : "spel", urls);
  const options = { allowUnknownKeys, ...(variables ? { variables } : {}) };

  let result: string;
  try {
    const value = await (template
      ? ev.evaluateTemplateAsync(expr, root, options)
      : ev.evaluateAsync(expr, root, options));
    result = `{"id":${id},"ok":true,"value":${toJsonText(value)},"type":${JSON.stringify(javaSimpleName(value) ?? "null")},"kind":${JSON.stringify(caseKind(value))}`;
  } catch (e) {
    result = `{"id":${id},"ok":false,${errorFields(e)}`;
  }
  if (spinnaker && template) {
    // Spinnaker's walk over the one field (the oracle applies no textual pre-processing)
    const t = await transformValueAsync(ev, expr, { root, allowUnknownKeys, preprocess: null, ...(variables ? { variables } : {}) });
    const levels = t.summary.keys().flatMap((k) => (t.summary.getResult(k) ?? []).map((r) => r.level));
    const level = levels.includes("ERROR") ? "ERROR" : levels.length > 0 ? "INFO" : "NONE";
    result += `,"transformed":${toJsonText(t.result)},"transformedKind":${JSON.stringify(caseKind(t.result))},"summary":${JSON.stringify(level)}`;
  }
  return result + "}";
}

import type { EvaluateOptions, ExpressionEvaluator } from "../evaluator.js";
import { convertToString } from "../values/convert.js";

/** What Spinnaker leaves in one string field, and the summary level (interim; see src/spinnaker). */
export function transformString(
  ev: ExpressionEvaluator,
  source: string,
  root: unknown,
  options: EvaluateOptions,
): { value: unknown; level: "NONE" | "INFO" | "ERROR" } {
  if (!source.includes("${")) return { value: source, level: "NONE" };
  try {
    const t = ev.compileTemplate(source);
    if (t.isSingleExpression) {
      const v = (t.parts[0] as { evaluate: (r: unknown, o: EvaluateOptions) => unknown }).evaluate(root, options);
      return v === null || v === undefined ? { value: source, level: "INFO" } : { value: v, level: "NONE" };
    }
    let out = "";
    let unresolved = false;
    for (const p of t.parts) {
      if (typeof p === "string") {
        out += p;
        continue;
      }
      const s = convertToString(p.evaluate(root, options));
      if (s === null) {
        unresolved = true;
        out += "${" + p.source + "}";
      } else out += s;
    }
    return { value: out, level: unresolved ? "INFO" : "NONE" };
  } catch (e) {
    if (e && typeof e === "object" && e.constructor?.name === "PendingWork") throw e;
    return { value: source, level: "ERROR" };
  }
}

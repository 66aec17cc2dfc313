/**
 * kork's `ExpressionTransform`: the walk over a map/list/string tree that evaluates every string
 * containing `${`, keeps failures in place and records them in an {@link ExpressionEvaluationSummary}.
 * @module
 */
import type { EvaluateOptions, ExpressionEvaluator } from "../evaluator.js";
import { PendingWork } from "../functions/function.js";
import { convertToString } from "../values/convert.js";
import { javaToString } from "../values/format.js";
import { isPlainObject } from "../values/kinds.js";
import { toPlainJson } from "./plain-json.js";
import { ExpressionEvaluationSummary } from "./summary.js";

/** A map value the walk recurses into: a plain object or a JS `Map` with string keys. */
export type WalkMap = Record<string, unknown> | Map<string, unknown>;

/** Options of an {@link ExpressionTransform}. */
export interface TransformOptions {
  /** The evaluation root (what bare names resolve against). */
  root: unknown;
  /** A missing map key reads as null (stage time) instead of failing (pipeline start). Default true. */
  allowUnknownKeys?: boolean;
  /** `#name` variables available to every expression. */
  variables?: Record<string, unknown>;
  /** Async results already performed (pass the `resolved` map of `ExpressionEvaluator.settle`). */
  resolved?: Map<string, unknown>;
  /** Where failures are recorded; default a new summary. */
  summary?: ExpressionEvaluationSummary;
  /**
   * Textual pre-processor applied to every expression string before parsing; default
   * {@link preprocessExpression}. Pass `null` to disable.
   */
  preprocess?: ((text: string) => string) | null;
}

const ALIAS = "deployedServerGroups";

/**
 * Orca's execution-aware pre-processor, Gennaker flavour. Orca rewrites `#fn(` into
 * `#fn( #root.execution, ` for helpers whose first parameter is the execution; Gennaker's helpers
 * read the execution from the root, so that part is the identity. The legacy alias survives: when
 * the text contains the word `deployedServerGroups` but not the function call form
 * `#deployedServerGroups(`, every occurrence of the word is replaced by `#deployedServerGroups()`
 * (plain text replacement, as in Orca: it also fires inside string literals).
 */
export function preprocessExpression(text: string): string {
  if (text.includes(ALIAS) && !text.includes(`#${ALIAS}(`)) return text.split(ALIAS).join(`#${ALIAS}()`);
  return text;
}

/**
 * kork's `escapeSimpleExpression`: the trimmed inside of a string that is exactly `${...}`
 * (single line), else the string with every `$` removed.
 */
export function escapeSimpleExpression(expression: string): string {
  const m = /^\$\{(.*)\}$/.exec(expression);
  if (m && !/[\n\r\u0085\u2028\u2029]/.test(expression)) return m[1]!.trim();
  return expression.replaceAll("$", "");
}

/**
 * The simple Java class name to report for a failure: the innermost `cause` of the error chain,
 * its `exceptionType` when it has one, else its constructor name.
 */
export function rootExceptionType(e: unknown): string {
  const root = innermostCause(e);
  if (root && typeof root === "object") {
    const t = (root as { exceptionType?: unknown }).exceptionType;
    if (typeof t === "string" && t !== "") return t;
    const name = (root as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === "string" && name !== "") return name;
  }
  return "Exception";
}

function innermostCause(e: unknown): unknown {
  let cur = e;
  for (let i = 0; i < 100 && cur instanceof Error && cur.cause instanceof Error; i++) cur = cur.cause;
  return cur;
}

function messageOf(e: unknown): string | null {
  if (e instanceof Error) return e.message;
  return e === null || e === undefined ? null : String(e);
}

/** kork's `flatten(..).contains(value)`: a map yields its keys and values recursively, anything else itself. */
function flattenContains(v: unknown, target: string, depth = 0): boolean {
  if (depth > 200) return false;
  if (v instanceof Map) {
    for (const [k, x] of v) if (k === target || flattenContains(x, target, depth + 1)) return true;
    return false;
  }
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) if (k === target || flattenContains(v[k], target, depth + 1)) return true;
    return false;
  }
  return v === target;
}

function entriesOf(m: WalkMap): [string, unknown][] {
  return m instanceof Map ? [...m.entries()] : Object.keys(m).map((k) => [k, m[k]] as [string, unknown]);
}

/** True for a string that the walk evaluates (it contains `${`). */
export function containsExpression(value: unknown): value is string {
  return typeof value === "string" && value.includes("${");
}

/** True for the map values the walk recurses into. */
export function isWalkMap(v: unknown): v is WalkMap {
  return v instanceof Map || isPlainObject(v);
}

/**
 * One walk (kork's `ExpressionTransform` bound to an evaluation context and a summary). Results are
 * new containers; the source is never modified. Map keys are evaluated too; nested lists are
 * flattened into their parent list (kork's `transformList` uses `addAll` for a list element).
 */
export class ExpressionTransform {
  /** Where this walk records failures. */
  readonly summary: ExpressionEvaluationSummary;
  readonly #ev: ExpressionEvaluator;
  readonly #root: unknown;
  readonly #options: EvaluateOptions;
  readonly #preprocess: ((text: string) => string) | null;

  /**
   * @param evaluator the evaluator (its profile, functions and caches are used)
   * @param options root, unknown-key policy, variables, async results, summary
   */
  constructor(evaluator: ExpressionEvaluator, options: TransformOptions) {
    this.#ev = evaluator;
    this.#root = options.root;
    this.summary = options.summary ?? new ExpressionEvaluationSummary(() => evaluator.now());
    this.#options = {
      allowUnknownKeys: options.allowUnknownKeys ?? true,
      ...(options.variables ? { variables: options.variables } : {}),
      ...(options.resolved ? { resolved: options.resolved } : {}),
    };
    this.#preprocess = options.preprocess === undefined ? preprocessExpression : options.preprocess;
  }

  /** Transforms every key and value of a map into a new plain object. */
  transformMap(source: WalkMap): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const entries = entriesOf(source);
    const copy = source;
    for (const [key, value] of entries) {
      const newKey = this.#keyString(this.transform(key, copy));
      let newValue: unknown;
      if (isWalkMap(value)) newValue = this.transformMap(value);
      else if (Array.isArray(value)) newValue = this.transformList(value, copy);
      else newValue = this.transform(value, copy);
      Object.defineProperty(result, newKey, { value: newValue, enumerable: true, writable: true, configurable: true });
    }
    return result;
  }

  /**
   * Transforms a list into a new list: maps are walked, nested lists are transformed and their
   * elements appended (flattened), anything else goes through {@link ExpressionTransform.transform}.
   * `additionalContext` is the map holding the list (used to name fields in descriptions).
   */
  transformList(source: readonly unknown[], additionalContext: WalkMap | null = null): unknown[] {
    const result: unknown[] = [];
    for (const obj of source) {
      if (isWalkMap(obj)) result.push(this.transformMap(obj));
      else if (Array.isArray(obj)) result.push(...this.transformList(obj, additionalContext));
      else result.push(this.transform(obj, additionalContext));
    }
    return result;
  }

  /** kork's `transformString`: one value with no surrounding map (descriptions name the expression). */
  transformString(source: string): unknown {
    return this.transform(source, null);
  }

  /**
   * Transforms one scalar: a string containing `${` is evaluated (typed result for a single
   * `${expr}`, concatenation otherwise); anything else is returned unchanged.
   */
  transform(source: unknown, additionalContext: WalkMap | null): unknown {
    if (!containsExpression(source)) return source;
    const preprocessed = this.#preprocess ? this.#preprocess(source) : source;
    let result: unknown = null;
    let escaped: string | null = null;
    let failure: unknown = null;
    let failed = false;
    let unresolved = false;
    try {
      const template = this.#ev.compileTemplate(preprocessed);
      escaped = template.parts.map((p) => (typeof p === "string" ? p : p.source)).join("");
      if (template.isSingleExpression) {
        const only = template.parts[0];
        result = typeof only === "string" || only === undefined ? only ?? null : only.evaluate(this.#root, this.#options);
      } else {
        let sb = "";
        for (const p of template.parts) {
          if (typeof p === "string") {
            sb += p;
            continue;
          }
          let value = convertToString(p.evaluate(this.#root, this.#options));
          if (value === null) {
            value = `\${${p.source}}`;
            unresolved = true;
          }
          sb += value;
        }
        result = sb;
      }
    } catch (e) {
      if (e instanceof PendingWork) throw e;
      failure = e;
      failed = true;
    }
    const keys = this.#keysHolding(source, additionalContext);
    const fields = keys.length > 0 ? `[${keys.join(", ")}]` : preprocessed;
    let description = `Failed to evaluate ${fields} `;
    escaped ??= escapeSimpleExpression(source);
    if (failed) {
      const message = messageOf(failure);
      const original = messageOf(innermostCause(failure));
      if (original === null || message === null || original.includes(message)) description += String(message);
      else description += `${original} - ${message}`;
      this.summary.add(escaped, "ERROR", description.replaceAll("$", ""), rootExceptionType(failure));
      result = source;
    } else if (result === null || result === undefined || unresolved) {
      this.summary.add(escaped, "INFO", `${description}: ${escaped} not found`, null);
      if (result === null || result === undefined) result = source;
    }
    this.summary.appendAttempted(escaped);
    this.summary.incrementTotalEvaluated();
    return toPlainJson(result);
  }

  #keyString(key: unknown): string {
    return typeof key === "string" ? key : javaToString(key);
  }

  #keysHolding(value: string, context: WalkMap | null): string[] {
    if (!context) return [];
    const out: string[] = [];
    for (const [k, v] of entriesOf(context)) if (v !== null && v !== undefined && flattenContains(v, value)) out.push(k);
    return out;
  }
}

/** Options for {@link transformValue} and {@link transformValueAsync}. */
export type WalkOptions = Omit<TransformOptions, "resolved">;

/**
 * Walks any value (map, list or string) once and returns the transformed copy with the summary.
 * Helpers that need asynchronous work (URL fetches, lookups) fail; use {@link transformValueAsync}.
 */
export function transformValue(
  evaluator: ExpressionEvaluator,
  source: unknown,
  options: WalkOptions,
): { result: unknown; summary: ExpressionEvaluationSummary } {
  const t = new ExpressionTransform(evaluator, options);
  return { result: walkAny(t, source), summary: t.summary };
}

/**
 * Like {@link transformValue}, performing the URL fetches and lookups helpers ask for (the walk is
 * re-run from scratch with a fresh summary after each asynchronous load).
 */
export async function transformValueAsync(
  evaluator: ExpressionEvaluator,
  source: unknown,
  options: WalkOptions,
): Promise<{ result: unknown; summary: ExpressionEvaluationSummary }> {
  const base = options.summary;
  const out = await evaluator.settle((resolved) => {
    const t = new ExpressionTransform(evaluator, { ...options, summary: new ExpressionEvaluationSummary(() => evaluator.now()), resolved });
    return { result: walkAny(t, source), summary: t.summary };
  });
  if (base) {
    base.merge(out.summary);
    return { result: out.result, summary: base };
  }
  return out;
}

function walkAny(t: ExpressionTransform, source: unknown): unknown {
  if (isWalkMap(source)) return t.transformMap(source);
  if (Array.isArray(source)) return t.transformList(source, null);
  return t.transform(source, null);
}

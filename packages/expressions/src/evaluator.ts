/**
 * The public entry point: an {@link ExpressionEvaluator} holds the configuration (profile, helper
 * functions, Java classes, host services, limits), parses once, compiles to closures and caches
 * compiled expressions by source text.
 * @module
 */
import { evalError, ExpressionError } from "./errors.js";
import { compileExpression, type Fn } from "./eval/compile.js";
import type { EvalConfig, EvalState } from "./eval/state.js";
import { builtinFunctions } from "./functions/index.js";
import { type ExpressionFunction, type HostServices, PendingWork } from "./functions/function.js";
import type { JavaClassDef } from "./java/class.js";
import { builtinInstanceClasses, builtinTypeNames } from "./java/builtins/index.js";
import { JavaClassRegistry } from "./java/registry.js";
import { builtinClasses } from "./java/types/index.js";
import { parseSpel } from "./parser/parser.js";
import { splitTemplate } from "./parser/template.js";
import { convertToString } from "./values/convert.js";

/** Options for an {@link ExpressionEvaluator}. */
export interface EvaluatorOptions {
  /**
   * `spinnaker` (default): Spinnaker's restrictions — allow-listed `T()`/`new` types, methods
   * filtered by return type (no `List.get`, no `getClass`). `spel`: plain Spring SpEL semantics
   * over the same emulated classes plus a few harmless extras (`Collections`, `Duration`, ...).
   */
  profile?: "spinnaker" | "spel";
  /** Extra `#functions` (override built-ins of the same name). */
  functions?: Record<string, ExpressionFunction>;
  /** Set to false to start without Spinnaker's helper functions. Default true. */
  builtinFunctions?: boolean;
  /** Extra emulated Java classes. */
  classes?: JavaClassDef[];
  /** Host services used by helpers (URL fetching, pipeline-id lookups, current user). */
  services?: HostServices;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** Random source in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Longest accepted expression text (Spring's default 10,000; Spinnaker's `expression.maxExpressionLength`). */
  maxExpressionLength?: number;
  /** Work budget per evaluation: iterations of selection, projection and similar. Default 1,000,000. */
  maxSteps?: number;
  /** Compiled expressions kept in the cache. Default 1,000. */
  cacheSize?: number;
  /** How many asynchronous loads (URL fetches, lookups) one async evaluation may perform. Default 16. */
  maxAsyncLoads?: number;
  /**
   * Runs of a member chain (`trigger.buildInfo.number`) after which it is replaced by a function
   * generated for its own steps (`new Function`; same semantics, faster property reads). 0: at
   * once; `Infinity`: never. Default 256. Where code generation from strings is disallowed the
   * chains stay closures.
   */
  specializeAfter?: number;
}

/** Per-evaluation options. */
export interface EvaluateOptions {
  /** `#name` variables. */
  variables?: Record<string, unknown> | Map<string, unknown>;
  /**
   * A missing map key reads as null instead of failing (Spinnaker at stage time). Default:
   * true for the `spinnaker` profile, false for `spel`.
   */
  allowUnknownKeys?: boolean;
  /** Results of asynchronous work already done (shared across evaluations by the async driver). */
  resolved?: Map<string, unknown>;
}

/** A parsed and compiled expression (no `${}` delimiters). */
export interface CompiledExpression {
  /** The expression text. */
  readonly source: string;
  /** Evaluates against a root object. Throws {@link ExpressionError}. */
  evaluate(root?: unknown, options?: EvaluateOptions): unknown;
}

/** A parsed `${...}` template. */
export interface CompiledTemplate {
  /** The template text. */
  readonly source: string;
  /** Literal text and compiled expressions, in order. */
  readonly parts: readonly (string | CompiledExpression)[];
  /**
   * True when the text is exactly one `${expr}` (nothing around it): its value is the typed
   * value of the expression rather than a string.
   */
  readonly isSingleExpression: boolean;
  /** Spring's template value: a single expression's typed value, else the concatenated string (null parts render as ""). */
  evaluate(root?: unknown, options?: EvaluateOptions): unknown;
}

const DEFAULT_MAX_LENGTH = 10_000;

/**
 * A cache of compiled expressions by source text that forgets the oldest entry once it holds
 * `limit` entries. The insertion order is kept in a queue of keys, so forgetting is O(1): taking
 * `map.keys().next()` instead walks over every slot deleted since the map's last rehash, which
 * made each insertion into a full cache cost O(limit).
 */
class FifoCache<V> {
  readonly #map = new Map<string, V>();
  #keys: (string | undefined)[] = [];
  #head = 0;

  constructor(readonly limit: number) {}

  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  /** Adds an entry for a key not in the cache (first forgetting the oldest if the cache is full). */
  add(key: string, value: V): void {
    if (this.#map.size >= this.limit && this.#head < this.#keys.length) {
      const oldest = this.#keys[this.#head]!;
      this.#keys[this.#head++] = undefined;
      this.#map.delete(oldest);
      if (this.#head >= 1024 && this.#head * 2 >= this.#keys.length) {
        this.#keys = this.#keys.slice(this.#head);
        this.#head = 0;
      }
    }
    this.#map.set(key, value);
    this.#keys.push(key);
  }
}
const EMPTY_RESOLVED: ReadonlyMap<string, unknown> = new Map();

/**
 * The registry of the built-in classes, built once and shared by every evaluator given no classes
 * of its own (a registry is not changed once built; building it took most of an evaluator's
 * construction, ~80 µs, which an engine created per unit test paid each time).
 */
let sharedBuiltins: JavaClassRegistry | undefined;
function builtinRegistry(): JavaClassRegistry {
  return (sharedBuiltins ??= new JavaClassRegistry().register(...builtinInstanceClasses, ...builtinTypeNames, ...builtinClasses));
}

/**
 * Evaluates Spinnaker pipeline expressions (SpEL) with Java semantics.
 *
 * @example
 * ```ts
 * const ev = new ExpressionEvaluator();
 * ev.evaluate("parameters.env == 'prod' && stages[0].status == 'SUCCEEDED'", root); // true
 * ev.evaluateTemplate("app-${parameters.env}", root); // "app-prod"
 * ```
 */
export class ExpressionEvaluator {
  readonly #config: EvalConfig;
  readonly #maxLength: number;
  readonly #maxAsyncLoads: number;
  readonly #specializeAfter: number;
  readonly #cache: FifoCache<CompiledExpression>;
  readonly #templateCache: FifoCache<CompiledTemplate>;

  /** The evaluator's clock (epoch ms): the `now` option, else `Date.now`. */
  now(): number {
    return this.#config.now();
  }

  constructor(options: EvaluatorOptions = {}) {
    const classes =
      options.classes === undefined || options.classes.length === 0
        ? builtinRegistry()
        : new JavaClassRegistry().register(...builtinInstanceClasses, ...builtinTypeNames, ...builtinClasses, ...options.classes);
    const functions = new Map<string, ExpressionFunction>();
    if (options.builtinFunctions !== false) for (const [k, f] of Object.entries(builtinFunctions)) functions.set(k, f);
    for (const [k, f] of Object.entries(options.functions ?? {})) functions.set(k, f);
    this.#config = {
      profile: options.profile ?? "spinnaker",
      classes,
      functions,
      services: options.services ?? {},
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      maxSteps: options.maxSteps ?? 1_000_000,
    };
    this.#maxLength = options.maxExpressionLength ?? DEFAULT_MAX_LENGTH;
    const cacheSize = options.cacheSize ?? 1_000;
    this.#cache = new FifoCache(cacheSize);
    this.#templateCache = new FifoCache(cacheSize);
    this.#maxAsyncLoads = options.maxAsyncLoads ?? 16;
    this.#specializeAfter = options.specializeAfter ?? 256;
    this.#spare = {
      config: this.#config,
      root: null,
      scopeRoot: null,
      variables: null,
      allowUnknownKeys: this.#config.profile === "spinnaker",
      steps: this.#config.maxSteps,
      resolved: EMPTY_RESOLVED,
    };
  }

  /** The profile this evaluator runs under. */
  get profile(): "spinnaker" | "spel" {
    return this.#config.profile;
  }

  /** Names of the registered `#functions`. */
  functionNames(): string[] {
    return [...this.#config.functions.keys()].sort();
  }

  /** Parses and compiles an expression (cached by source). Throws a parse-phase {@link ExpressionError}. */
  compile(source: string): CompiledExpression {
    const hit = this.#cache.get(source);
    if (hit) return hit;
    if (source.length > this.#maxLength) {
      throw new ExpressionError(`Expression of length ${source.length} exceeds the maximum of ${this.#maxLength}`, {
        code: "TOO_LONG",
        phase: "parse",
        expression: source,
        position: this.#maxLength,
        spelCode: "EL1078E",
      });
    }
    const fn = compileExpression(parseSpel(source), { specializeAfter: this.#specializeAfter });
    const compiled = this.#wrap(source, fn);
    this.#cache.add(source, compiled);
    return compiled;
  }

  /** Parses a `${...}` template (cached by source). Throws a parse-phase {@link ExpressionError}. */
  compileTemplate(source: string): CompiledTemplate {
    const hit = this.#templateCache.get(source);
    if (hit) return hit;
    const parts: (string | CompiledExpression)[] = [];
    for (const chunk of splitTemplate(source)) {
      if (chunk.kind === "literal") parts.push(chunk.text);
      else {
        try {
          parts.push(this.compile(chunk.text));
        } catch (e) {
          if (e instanceof ExpressionError && e.position !== undefined) {
            e.position += chunk.start;
            e.expression = source;
          }
          throw e;
        }
      }
    }
    const single = parts.length === 1 && typeof parts[0] !== "string" ? parts[0]! : null;
    const template: CompiledTemplate = {
      source,
      parts,
      isSingleExpression: single !== null,
      evaluate: (root, options) => {
        if (source === "") return "";
        if (single) return single.evaluate(root, options);
        if (parts.length === 1) return parts[0];
        let out = "";
        for (const p of parts) {
          if (typeof p === "string") out += p;
          else {
            const v = p.evaluate(root, options);
            const str = convertToString(v);
            if (str !== null) out += str;
          }
        }
        return out;
      },
    };
    this.#templateCache.add(source, template);
    return template;
  }

  /** Evaluates an expression against `root`. */
  evaluate(source: string, root?: unknown, options?: EvaluateOptions): unknown {
    return this.compile(source).evaluate(root, options);
  }

  /** Evaluates a `${...}` template as Spring does (single expression: typed value; else a string). */
  evaluateTemplate(source: string, root?: unknown, options?: EvaluateOptions): unknown {
    return this.compileTemplate(source).evaluate(root, options);
  }

  /**
   * Runs `work` (any synchronous evaluation through this evaluator, such as a whole Spinnaker
   * walk) and, whenever a helper needs asynchronous work (a URL fetch, a lookup), performs it,
   * caches the result in `resolved` and runs `work` again.
   */
  async settle<T>(work: (resolved: Map<string, unknown>) => T, resolved: Map<string, unknown> = new Map()): Promise<T> {
    for (let loads = 0; ; loads++) {
      try {
        return work(resolved);
      } catch (e) {
        if (!(e instanceof PendingWork)) throw e;
        const pending = e;
        if (loads >= this.#maxAsyncLoads) {
          throw evalError("LIMIT_EXCEEDED", `More than ${this.#maxAsyncLoads} asynchronous loads in one evaluation`, {});
        }
        try {
          resolved.set(pending.key, await pending.load());
        } catch (err) {
          resolved.set(pending.key, err instanceof Error ? err : new Error(String(err)));
        }
      }
    }
  }

  /** Like {@link ExpressionEvaluator.evaluate}, performing URL fetches and lookups helpers ask for. */
  evaluateAsync(source: string, root?: unknown, options: EvaluateOptions = {}): Promise<unknown> {
    const compiled = this.compile(source);
    return this.settle((resolved) => compiled.evaluate(root, { ...options, resolved }), options.resolved);
  }

  /** Like {@link ExpressionEvaluator.evaluateTemplate}, performing URL fetches and lookups helpers ask for. */
  evaluateTemplateAsync(source: string, root?: unknown, options: EvaluateOptions = {}): Promise<unknown> {
    const compiled = this.compileTemplate(source);
    return this.settle((resolved) => compiled.evaluate(root, { ...options, resolved }), options.resolved);
  }

  /**
   * The evaluation state of a call without options, reused from one such call to the next (its
   * fields are reset before and released after each use); a nested call made while it is in use
   * (a registered function evaluating another expression) gets a state of its own.
   */
  #spare: EvalState | null = null;

  #wrap(source: string, fn: Fn): CompiledExpression {
    const config = this.#config;
    const defaultUnknown = config.profile === "spinnaker";
    const self = this;
    return {
      source,
      evaluate(root: unknown = null, options?: EvaluateOptions): unknown {
        let state: EvalState;
        let spare = false;
        if (options === undefined && self.#spare !== null) {
          state = self.#spare;
          self.#spare = null;
          spare = true;
          state.root = root;
          state.scopeRoot = root;
          state.steps = config.maxSteps;
        } else {
          const vars = options?.variables;
          state = {
            config,
            root,
            scopeRoot: root,
            variables: vars === undefined ? null : vars instanceof Map ? new Map(vars) : new Map(Object.entries(vars)),
            allowUnknownKeys: options?.allowUnknownKeys ?? defaultUnknown,
            steps: config.maxSteps,
            resolved: options?.resolved ?? EMPTY_RESOLVED,
          };
        }
        try {
          return fn(state, root);
        } catch (e) {
          throw failure(e, source, options);
        } finally {
          if (spare) {
            // released without references into the evaluation (assignments may have created variables)
            state.root = null;
            state.scopeRoot = null;
            state.variables = null;
            self.#spare = state;
          }
        }
      },
    };
  }
}

/** The error an evaluation of `source` throws for `e`. */
function failure(e: unknown, source: string, options: EvaluateOptions | undefined): unknown {
  if (e instanceof ExpressionError) {
    e.expression ??= source;
    return e;
  }
  if (e instanceof PendingWork) {
    if (options?.resolved) return e;
    return evalError("NOT_SUPPORTED", `'${source}' needs asynchronous work (${e.key}); use evaluateAsync`, {
      expression: source,
    });
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return evalError("LIMIT_EXCEEDED", "Expression nesting is too deep", { expression: source, cause: e });
  }
  return evalError("METHOD_FAILED", e instanceof Error ? e.message : String(e), { expression: source, cause: e });
}


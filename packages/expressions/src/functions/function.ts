/**
 * The SPI for `#functions`: helper functions that expressions call as `#name(args)`.
 * @module
 */
import type { InvocationEnv } from "../java/class.js";

/**
 * Thrown (internally) by {@link FunctionEnv.resolve} when a value needs asynchronous work
 * (a URL fetch, a pipeline-id lookup). `evaluateAsync` catches it, awaits the work, caches the
 * result and evaluates again; synchronous evaluation turns it into an error.
 */
export class PendingWork {
  constructor(
    readonly key: string,
    readonly load: () => Promise<unknown>,
  ) {}
}

/** Host services the built-in helpers use. All optional; a helper without its service fails clearly. */
export interface HostServices {
  /**
   * Fetches a URL's body as text for `#fromUrl` and friends. The URL has already passed the
   * URL restrictions. Use {@link createUrlFetcher} for Orca's behaviour (undici, timeout, size cap).
   */
  fetchUrl?: (url: string) => Promise<string>;
  /**
   * Looks up a pipeline config id by application and pipeline name (Front50's role), for
   * `#pipelineId`, `#pipelineIdOrNull` and `#pipelineIdInApplication`; null when there is none.
   */
  lookupPipelineId?: (application: string, pipelineName: string) => string | null | Promise<string | null>;
  /** The Front50 application record for `#applicationMetadata`; null when there is none. */
  lookupApplication?: (application: string) => Record<string, unknown> | null | Promise<Record<string, unknown> | null>;
  /** Kayenta canary config id by name and application, for `#canaryConfigNameToId`. */
  lookupCanaryConfigId?: (name: string, application: string) => string | null | Promise<string | null>;
  /** The user running the execution, for `#currentUser()` (default `anonymous`). */
  currentUser?: () => string | null;
  /** The id of the stage whose task is running, for `#currentStage()`. */
  currentStageId?: () => string | null;
}

/** What a helper function receives: the evaluation root and host services. */
export interface FunctionEnv extends InvocationEnv {
  /** The root object of the evaluation (`#root`). */
  readonly root: unknown;
  /** Host services. */
  readonly services: HostServices;
  /**
   * Returns the result of asynchronous work identified by `key`, loading it with `load` the first
   * time (through {@link PendingWork}). Results are cached for the rest of the evaluation.
   */
  resolve<T>(key: string, load: () => Promise<T>): T;
}

/** A function callable as `#name(...)` from expressions. */
export interface ExpressionFunction {
  /**
   * Declared parameter types as Java type names (`java.lang.String`, `java.lang.Object`, `int`,
   * `java.lang.String[]` for varargs). Arguments are converted to them as SpEL does
   * (`#toInt(42)` receives `"42"`). The argument count must match (EL1014E/EL1015E).
   */
  readonly params: readonly string[];
  /** True when the last parameter is varargs. */
  readonly varargs?: boolean;
  /** The implementation. Throw any error: it becomes EL1023E with your error as the cause. */
  readonly invoke: (env: FunctionEnv, ...args: unknown[]) => unknown;
  /** One line of documentation (listed by `capabilities()`). */
  readonly description?: string;
}

/** Defines an {@link ExpressionFunction} (identity helper for type inference). */
export function defineFunction(fn: ExpressionFunction): ExpressionFunction {
  return fn;
}

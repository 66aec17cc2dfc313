/**
 * Test support: a fake {@link FunctionEnv} whose `resolve` behaves like the evaluator's driver
 * (cached results, {@link PendingWork} for work not yet done) and an `invokeAsync` that runs a
 * helper to completion the way `evaluateAsync` does.
 * @module
 */
import { PendingWork, type ExpressionFunction, type FunctionEnv, type HostServices } from "./function.js";

/** Options for {@link createTestEnv}. */
export interface TestEnvOptions {
  /** `#root`; default an empty map. */
  root?: unknown;
  /** Host services; default none. */
  services?: HostServices;
  /** Pre-resolved async results by key (`url:https://...`). */
  cache?: Map<string, unknown>;
}

/** A fake function environment; `cache` holds resolved async results. */
export interface TestEnv extends FunctionEnv {
  /** Resolved async results by key. */
  readonly cache: Map<string, unknown>;
}

/** Creates a {@link TestEnv}. */
export function createTestEnv(options: TestEnvOptions = {}): TestEnv {
  const cache = options.cache ?? new Map<string, unknown>();
  return {
    root: options.root === undefined ? {} : options.root,
    services: options.services ?? {},
    profile: "spinnaker",
    cache,
    now: () => 0,
    random: () => 0.5,
    resolve<T>(key: string, load: () => Promise<T>): T {
      if (cache.has(key)) {
        const hit = cache.get(key);
        if (hit instanceof CachedFailure) throw hit.error;
        return hit as T;
      }
      throw new PendingWork(key, load);
    },
  };
}

class CachedFailure {
  constructor(readonly error: unknown) {}
}

/**
 * Invokes a helper, completing any {@link PendingWork} it asks for (caching results and failures
 * like the evaluator's async driver) and invoking it again.
 */
export async function invokeAsync(fn: ExpressionFunction, env: TestEnv, ...args: unknown[]): Promise<unknown> {
  for (let round = 0; round < 20; round++) {
    try {
      return fn.invoke(env, ...args);
    } catch (e) {
      if (!(e instanceof PendingWork)) throw e;
      try {
        env.cache.set(e.key, await e.load());
      } catch (err) {
        env.cache.set(e.key, new CachedFailure(err));
      }
    }
  }
  throw new Error("too many rounds of pending work");
}

/** Runs `f` and returns what it threw (fails when it did not throw). */
export function thrown(f: () => unknown): Error & { exceptionType?: string; code?: string; cause?: unknown } {
  try {
    f();
  } catch (e) {
    return e as Error & { exceptionType?: string; code?: string };
  }
  throw new Error("expected an error");
}

/** The innermost `cause` of an error chain. */
export function rootCause(e: unknown): Error & { exceptionType?: string } {
  let cur = e as Error & { exceptionType?: string; cause?: unknown };
  while (cur.cause instanceof Error) cur = cur.cause as Error & { exceptionType?: string; cause?: unknown };
  return cur;
}

/**
 * Orca's `StageContext`: the root object at stage/task time. Keys are the stage's own context
 * (plus `execution`, `trigger` and the computed `parameters`/`scmInfo`); a key that is not there
 * falls back to the outputs of the stage's ancestors, nearest first.
 * @module
 */
import { JavaInstance } from "../values/boxes.js";
import { javaToString } from "../values/format.js";
import { isPlainObject } from "../values/kinds.js";

/** A stage of an execution, as JSON (`id`, `refId`, `type`, `name`, `status`, `context`, `outputs`, ...). */
export type StageJson = Record<string, unknown>;
/** A pipeline execution, as JSON (`id`, `type`, `stages`, `trigger`, `spelEvaluator`, ...). */
export type ExecutionJson = Record<string, unknown>;

function own(m: unknown, key: string): unknown {
  return isPlainObject(m) && Object.hasOwn(m, key) ? m[key] : undefined;
}

function ownMap(m: unknown, key: string): Record<string, unknown> {
  const v = own(m, key);
  return isPlainObject(v) ? v : {};
}

/** The stages of an execution (map elements of `execution.stages`). */
export function stagesOf(execution: ExecutionJson | null | undefined): StageJson[] {
  const s = own(execution, "stages");
  return Array.isArray(s) ? s.filter(isPlainObject) : [];
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : null;
}

function requisites(stage: StageJson): string[] {
  const r = own(stage, "requisiteStageRefIds");
  return Array.isArray(r) ? r.map(str).filter((x): x is string => x !== null) : [];
}

/**
 * `stage.ancestors()`: the stage itself, then (when it has requisite stages) those stages, the
 * synthetic children of those stages, and their ancestors recursively; otherwise its parent stage
 * and the parent's ancestors. Each stage appears once, nearest first.
 */
export function stageAncestors(stage: StageJson, execution: ExecutionJson | null | undefined): StageJson[] {
  const stages = stagesOf(execution);
  const out: StageJson[] = [stage];
  const seen = new Set<StageJson>([stage]);
  const visitedParents = new Set<string>();
  const add = (s: StageJson): void => {
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  };
  const walk = (s: StageJson, depth: number): void => {
    if (depth > stages.length + 1) return;
    const reqs = requisites(s);
    if (reqs.length > 0) {
      const previous = stages.filter((x) => {
        const ref = str(own(x, "refId"));
        return ref !== null && reqs.includes(ref);
      });
      const prevIds = new Set(previous.map((p) => str(own(p, "id"))).filter((x): x is string => x !== null));
      const synthetic = stages.filter((x) => {
        const parent = str(own(x, "parentStageId"));
        return parent !== null && prevIds.has(parent);
      });
      const fresh = previous.filter((p) => !seen.has(p));
      for (const p of previous) add(p);
      for (const p of synthetic) add(p);
      for (const p of fresh) walk(p, depth + 1);
      return;
    }
    const parentId = str(own(s, "parentStageId"));
    if (parentId !== null && !visitedParents.has(parentId)) {
      visitedParents.add(parentId);
      const parent = stages.find((x) => str(own(x, "id")) === parentId);
      if (parent) {
        add(parent);
        walk(parent, depth + 1);
      }
    }
  };
  walk(stage, 0);
  return out;
}

/**
 * The stage-time root map. Property access (`${waitTime}`) and indexing (`#root['x']`) see the
 * stage's own context and the extra root keys first, then the first ancestor whose `outputs`
 * contains the key. Serialises (and prints) as its own keys only, like Orca's forwarding map.
 */
export class StageContext extends JavaInstance {
  /** Orca's class. */
  readonly javaClassName = "com.netflix.spinnaker.orca.pipeline.model.StageContext";
  readonly #own: Record<string, unknown>;

  /**
   * @param stage the stage whose context this is
   * @param context the stage's context (copied, not modified)
   * @param ancestors `stage.ancestors()` (the stage itself first), consulted for missing keys
   * @param extra extra root keys (`execution`, `trigger`, `parameters`, ...), overriding context keys
   */
  constructor(
    readonly stage: StageJson,
    context: Record<string, unknown>,
    readonly ancestors: readonly StageJson[],
    extra: Record<string, unknown> = {},
  ) {
    super();
    const m = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(context)) m[k] = context[k];
    for (const k of Object.keys(extra)) m[k] = extra[k];
    this.#own = m;
  }

  /** A copy with more root keys (the original is unchanged). */
  with(extra: Record<string, unknown>): StageContext {
    return new StageContext(this.stage, this.#own, this.ancestors, extra);
  }

  /** Own keys (context and extra root keys), without the ancestor fallback (Java's `containsKey`). */
  containsOwnKey(key: string): boolean {
    return Object.hasOwn(this.#own, key);
  }

  /** True for an own key or a key found in some ancestor's outputs. */
  has(key: string): boolean {
    return this.containsOwnKey(key) || this.#ancestorWith(key) !== undefined;
  }

  /** Own value, else the nearest ancestor's `outputs[key]`; `undefined` when absent everywhere. */
  get(key: string): unknown {
    if (this.containsOwnKey(key)) return this.#own[key];
    const a = this.#ancestorWith(key);
    return a === undefined ? undefined : ownMap(a, "outputs")[key];
  }

  /** The own keys. */
  keys(): string[] {
    return Object.keys(this.#own);
  }

  /** The own map (a fresh plain object). */
  override toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(this.#own)) Object.defineProperty(out, k, { value: this.#own[k], enumerable: true, writable: true, configurable: true });
    return out;
  }

  /** Java's map `toString()` of the own keys. */
  override toString(): string {
    return javaToString(this.toJSON());
  }

  #ancestorWith(key: string): StageJson | undefined {
    return this.ancestors.find((a) => Object.hasOwn(ownMap(a, "outputs"), key));
  }
}

/**
 * Orca's `buildExecutionContext(stage)`: a {@link StageContext} over the stage's context plus
 * `execution` (the execution map) and `trigger` (the execution's trigger map), with ancestor
 * fallback per {@link stageAncestors}. `parameters` and `scmInfo` are added by `process`.
 */
export function buildStageContext(stage: StageJson, execution: ExecutionJson): StageContext {
  const extra: Record<string, unknown> = { execution };
  if (Object.hasOwn(execution, "trigger")) extra["trigger"] = execution["trigger"];
  return new StageContext(stage, ownMap(stage, "context"), stageAncestors(stage, execution), extra);
}

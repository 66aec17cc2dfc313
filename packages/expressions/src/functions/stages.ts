import { stageAncestors, type ExecutionJson, type StageJson } from "../spinnaker/stage-context.js";
/**
 * Orca's stage helpers: `#stage`, `#stageByRefId`, `#stageExists`, `#judgment`/`#judgement`,
 * `#currentStage`, `#currentUser` and `#deployedServerGroups`. They read the execution from the
 * root (`root.stages`, else `root.execution.stages`).
 * @module
 */
import { JavaArray, JavaInstance } from "../values/boxes.js";
import { javaToString } from "../values/format.js";
import { defineFunction, type ExpressionFunction } from "./function.js";
import {
  copyMap,
  executionId,
  executionStages,
  helperError,
  isMap,
  javaException,
  mapGet,
  mapHas,
  mapKeys,
  nameOrIdMatches,
  newMap,
  putAll,
  rootMap,
  stageContext,
  str,
  stringEquals,
} from "./support.js";

const STAGE_CLASS = "com.netflix.spinnaker.orca.api.pipeline.models.StageExecution";

/**
 * A stage returned by `#stage`, `#stageByRefId` and `#currentStage`: the stage's own map plus
 * the virtual, non-serialised properties `hasSucceeded` (status is `SUCCEEDED`) and `hasFailed`
 * (status is `TERMINAL`) that Orca's `StageExecution` offers. Property and index access go through
 * {@link StageView.has} / {@link StageView.get}; JSON and `toString` show the stage map.
 */
export class StageView extends JavaInstance {
  /** Orca's stage interface. */
  readonly javaClassName = STAGE_CLASS;

  /** @param stage the stage map, as found in the execution (not copied) */
  constructor(readonly stage: Record<string, unknown>) {
    super();
  }

  /** True for the stage's own keys and the virtual `hasSucceeded` / `hasFailed`. */
  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.stage, key) || key === "hasSucceeded" || key === "hasFailed";
  }

  /** The value of a key (own keys first, then the virtual booleans); `undefined` when absent. */
  get(key: string): unknown {
    if (Object.prototype.hasOwnProperty.call(this.stage, key)) return this.stage[key];
    if (key === "hasSucceeded") return javaToString(this.stage["status"]) === "SUCCEEDED";
    if (key === "hasFailed") return javaToString(this.stage["status"]) === "TERMINAL";
    return undefined;
  }

  /** The stage's own keys (the virtual properties are not listed, as in Java's `keySet()`). */
  keys(): string[] {
    return Object.keys(this.stage);
  }

  /** The stage map, as Jackson would write the stage. */
  override toJSON(): Record<string, unknown> {
    return this.stage;
  }

  /** Java's `AbstractMap.toString()` of the stage map. */
  override toString(): string {
    return javaToString(this.stage);
  }

  /** Equal when both views show the same stage map. */
  override javaEquals(other: unknown): boolean {
    return other instanceof StageView && other.stage === this.stage;
  }
}

function view(stage: Record<string, unknown> | Map<unknown, unknown>): StageView {
  return new StageView(stage instanceof Map ? copyMap(stage) : stage);
}

/** `#stage(String idOrName)`: the first stage whose name or id equals the argument. */
export const stage: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "The first stage whose name or id equals the argument",
  invoke(env, idArg) {
    const id = str(idArg);
    for (const s of executionStages(env.root)) if (nameOrIdMatches(s, id)) return view(s);
    const x = javaToString(id);
    throw helperError(`Unable to locate [${x}] using #stage(${x}) in execution ${executionId(env.root)}`);
  },
});

/** `#stageByRefId(String refId)`: the first stage whose `refId` equals the argument. */
export const stageByRefId: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "The first stage whose refId equals the argument",
  invoke(env, refArg) {
    const refId = str(refArg);
    if (refId === null) {
      throw helperError(`Stage refId must not be null in #stageByRefId in execution ${executionId(env.root)}`);
    }
    for (const s of executionStages(env.root)) if (stringEquals(refId, mapGet(s, "refId"))) return view(s);
    throw helperError(`Unable to locate [${refId}] using #stageByRefId(${refId}) in execution ${executionId(env.root)}`);
  },
});

/** `#stageExists(String idOrName)`: whether `#stage` would find a stage. Never throws. */
export const stageExists: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "True when a stage with that name or id exists",
  invoke(env, idArg) {
    const id = str(idArg);
    // Orca calls stageExists(#root.execution, id): with no execution (at pipeline launch) that is
    // a NullPointerException, so the expression stays unevaluated until the stage runs
    const root = rootMap(env.root);
    if (mapGet(root, "stages") == null && !isMap(mapGet(root, "execution"))) {
      throw javaException("NullPointerException", "no execution to look for stages in");
    }
    return executionStages(env.root).some((s) => nameOrIdMatches(s, id));
  },
});

function judgmentOf(env: { root: unknown }, idArg: unknown): unknown {
  const id = str(idArg);
  for (const s of executionStages(env.root)) {
    const ctx = mapGet(s, "context");
    if (
      stringEquals(id, mapGet(s, "name")) &&
      isMap(ctx) &&
      mapGet(s, "type") === "manualJudgment" &&
      mapGet(ctx, "judgmentInput") != null
    ) {
      const input = mapGet(ctx, "judgmentInput");
      if (typeof input !== "string") {
        throw javaException("ClassCastException", "judgmentInput is not a java.lang.String");
      }
      return input;
    }
  }
  const x = javaToString(id);
  throw helperError(
    `Unable to locate manual Judgment stage [${x}] using #judgment(${x}) in execution ${executionId(env.root)}. ` +
      "Stage doesn't exist or doesn't contain judgmentInput in its context ",
  );
}

/** `#judgment(String name)`: the `judgmentInput` of the first manual judgment stage with that name. */
export const judgment: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "The judgmentInput of the named manual judgment stage",
  invoke: judgmentOf,
});

/** `#judgement(String name)`: alias of `#judgment`. */
export const judgement: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Alias of #judgment",
  invoke: judgmentOf,
});

/** `#currentStage()`: the stage whose id equals the running task's stage id (`services.currentStageId`). */
export const currentStage: ExpressionFunction = defineFunction({
  params: [],
  description: "The stage currently running",
  invoke(env) {
    const lookup = env.services.currentStageId;
    if (!lookup) throw helperError("An execution context is required for this function");
    const current = lookup();
    if (current == null) throw helperError("An execution context is required for this function");
    const lc = current.toLowerCase();
    for (const s of executionStages(env.root)) {
      const sid = mapGet(s, "id");
      if (typeof sid === "string" && sid.toLowerCase() === lc) return view(s);
    }
    throw helperError(`No stage found with id '${current}'`);
  },
});

/** `#currentUser()`: the user running the execution (`services.currentUser`), else `anonymous`. */
export const currentUser: ExpressionFunction = defineFunction({
  params: [],
  description: "The authenticated user, or 'anonymous'",
  invoke(env) {
    return env.services.currentUser?.() ?? "anonymous";
  },
});

const DEPLOY_TYPES = new Set(["deploy", "createServerGroup", "cloneServerGroup", "rollingPush"]);

function varargStrings(args: unknown[]): Array<string | null> {
  const out: Array<string | null> = [];
  for (const a of args) {
    if (a instanceof JavaArray) out.push(...a.items.map(str));
    else if (Array.isArray(a)) out.push(...a.map(str));
    else if (a !== undefined) out.push(str(a));
  }
  return out;
}

/**
 * `#deployedServerGroups(String... idsOrNames)`: one map per SUCCEEDED deploy-type stage with
 * `deploy.server.groups` in its context (optionally only the named stages): `account`,
 * `capacity`, `parentStage`, `region`, the region's `deploymentDetails` entry, `serverGroup`,
 * `deployments`.
 */
/**
 * `stage.context[key]` as Orca's `StageContext` reads it: the stage's own context, else the
 * outputs of its ancestors, nearest first (so a deploy stage sees its bake stage's
 * `deploymentDetails`).
 */
function contextOrAncestorOutput(root: unknown, stage: unknown, key: string): unknown {
  const c = stageContext(stage as Record<string, unknown>);
  if (mapHas(c, key)) return mapGet(c, key);
  const execution = (mapGet(rootMap(root), "execution") ?? root) as ExecutionJson;
  for (const a of stageAncestors(stage as StageJson, execution)) {
    const o = mapGet(a, "outputs");
    if (isMap(o) && mapHas(o, key)) return mapGet(o, key);
  }
  return undefined;
}

export const deployedServerGroups: ExpressionFunction = defineFunction({
  params: ["java.lang.String[]"],
  varargs: true,
  description: "Server groups deployed by this execution's deploy stages",
  invoke(env, ...args) {
    const wanted = varargStrings(args);
    const result: Array<Record<string, unknown>> = [];
    for (const s of executionStages(env.root)) {
      const c = stageContext(s);
      const type = mapGet(s, "type");
      if (typeof type !== "string" || !DEPLOY_TYPES.has(type) || !mapHas(c, "deploy.server.groups") || mapGet(s, "status") !== "SUCCEEDED") {
        continue;
      }
      if (wanted.length > 0) {
        const name = mapGet(s, "name");
        const id = mapGet(s, "id");
        if (!wanted.some((w) => w !== null && (w === name || w === id))) continue;
      }
      const regionValue = mapGet(c, "region");
      if (regionValue != null && typeof regionValue !== "string") {
        throw javaException("ClassCastException", "region is not a java.lang.String");
      }
      let region: string | null = regionValue ?? null;
      const zones = mapGet(c, "availabilityZones");
      if (region === null && isMap(zones)) {
        const first = mapKeys(zones)[0];
        if (first !== undefined) region = javaToString(first);
      }
      if (region === null) continue;
      const d = newMap();
      d["account"] = mapGet(c, "account") ?? null;
      d["capacity"] = mapGet(c, "capacity") ?? null;
      d["parentStage"] = mapGet(c, "parentStage") ?? null;
      d["region"] = region;
      const details = contextOrAncestorOutput(env.root, s, "deploymentDetails");
      if (Array.isArray(details)) {
        for (const o of details) if (isMap(o) && region === mapGet(o, "region")) putAll(d, o);
      }
      const groups = mapGet(c, "deploy.server.groups");
      if (!isMap(groups)) {
        throw javaException("NullPointerException", "deploy.server.groups is not a map");
      }
      const sgs = mapGet(groups, region);
      if (Array.isArray(sgs) && sgs.length > 0) d["serverGroup"] = sgs[0];
      const deployments: unknown[] = [];
      const tasks = mapGet(c, "kato.tasks");
      if (Array.isArray(tasks)) {
        for (const task of tasks) {
          const ros = mapGet(task, "resultObjects");
          if (!Array.isArray(ros)) continue;
          for (const ro of ros) {
            const deps = mapGet(ro, "deployments");
            if (Array.isArray(deps)) deployments.push(...deps);
          }
        }
      }
      d["deployments"] = deployments;
      result.push(d);
    }
    return result;
  },
});

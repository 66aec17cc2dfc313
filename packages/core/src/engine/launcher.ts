/**
 * Launching an execution from pipeline config JSON (Orca's `ExecutionLauncher`, spec section 1.7):
 * validate everything first (nothing is created for an invalid pipeline), fill parameter
 * defaults, honour correlation ids, evaluate launch-time expressions, record disabled pipelines as
 * failed on startup, then store and queue `StartExecution`.
 * @module
 */
import { processPipeline, toPlainJson } from "@gennaker/expressions";
import { cloneData } from "../execution/clone.js";
import { EMPTY_RECORD, emptyList } from "../execution/empty.js";
import { ulid } from "../execution/ids.js";
import { isComplete } from "../execution/status.js";
import type { PipelineExecution, StageExecution, Trigger } from "../execution/types.js";
import { applyParameterDefaults } from "../model/index.js";
import { addProperty, parseNormalizedPipelineConfig } from "../model/parse-normalized.js";
import { createOwned, keepsOwnedExecutions } from "../store/memory-repository.js";
import type { InMemoryExecutionRepository } from "../store/memory-repository.js";
import { executionMessage } from "./message-builders.js";
import { newStage } from "./planning.js";
import { hasExpression, type Runtime } from "./runtime.js";

/** How to start a pipeline. */
export interface StartOptions {
  /** The trigger (`type` defaults to `manual`, `user` to the given user or `[anonymous]`). */
  trigger?: Record<string, unknown>;
  /** Parameters, merged over `trigger.parameters`. */
  parameters?: Record<string, unknown>;
  /** Who starts it. */
  user?: string;
  /** `api`, `deck`, ... (default `api`). */
  origin?: string;
  /** `orchestration` for an ad-hoc list of stages (no concurrency limits, no `stageEnabled`). Default `pipeline`. */
  type?: "pipeline" | "orchestration";
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** Validate, build, store and queue an execution. Throws `PipelineValidationError` (nothing stored) for bad input. */
export async function launch(rt: Runtime, input: unknown, options: StartOptions = {}): Promise<PipelineExecution> {
  const config = parseNormalizedPipelineConfig(input, { isKnownStageType: (t) => rt.config.stages.has(t) }) as unknown as Record<string, unknown>;
  const now = rt.now();
  const given = options.trigger;
  const trigger: Trigger =
    given === undefined
      ? // what the general case below makes of an empty trigger, without spreading one
        {
          type: "manual",
          user: options.user ?? "[anonymous]",
          // applyParameterDefaults copies what it is given
          parameters: applyParameterDefaults(config["parameterConfig"] as never, options.parameters),
          artifacts: emptyList(),
        }
      : {
          ...given,
          type: str(given["type"]) ?? "manual",
          user: str(given["user"]) ?? options.user ?? "[anonymous]",
          parameters: applyParameterDefaults(
            config["parameterConfig"] as never,
            options.parameters === undefined
              ? (given["parameters"] as Record<string, unknown> | undefined)
              : { ...(given["parameters"] as Record<string, unknown> | undefined), ...options.parameters },
          ),
          artifacts: Array.isArray(given["artifacts"]) ? (given["artifacts"] as unknown[]) : [],
        };
  const correlationId = str(trigger.correlationId);
  if (correlationId) {
    const running = (await rt.repository.list({ correlationId })).find((x) => !isComplete(x.status));
    if (running) return running;
  }
  let processed: Record<string, unknown> = config;
  if (hasExpression(config)) {
    try {
      processed = toPlainJson(processPipeline(config, { trigger }, rt.config.evaluator)) as Record<string, unknown>;
    } catch {
      processed = config;
    }
  }
  const type = options.type ?? "pipeline";
  const execution: PipelineExecution = {
    id: str(processed["executionId"]) ?? ulid(now),
    type,
    application: str(processed["application"]) ?? "gennaker",
    name: str(processed["name"]),
    pipelineConfigId: type === "pipeline" ? str(processed["id"]) : null,
    status: "NOT_STARTED",
    buildTime: now,
    startTime: null,
    endTime: null,
    startTimeExpiry: num(processed["startTimeExpiry"]),
    canceled: false,
    canceledBy: null,
    cancellationReason: null,
    limitConcurrent: processed["limitConcurrent"] === true,
    maxConcurrentExecutions: num(processed["maxConcurrentExecutions"]) ?? 0,
    keepWaitingPipelines: processed["keepWaitingPipelines"] === true,
    paused: null,
    origin: options.origin ?? str(processed["origin"]) ?? "api",
    trigger,
    notifications: Array.isArray(processed["notifications"]) ? (processed["notifications"] as unknown[]) : emptyList(),
    spelEvaluator: str(processed["spelEvaluator"]),
    initialConfig: (processed["initialConfig"] as Record<string, unknown> | undefined) ?? EMPTY_RECORD,
    authentication: { user: options.user ?? str(trigger.user), allowedAccounts: emptyList() },
    templateVariables: (processed["templateVariables"] as Record<string, unknown> | undefined) ?? null,
    description: str(processed["description"]),
    stages: [],
    version: 0,
  };
  const stages = (processed["stages"] as Record<string, unknown>[]) ?? [];
  // The normalised config's stages are plain objects (prototype Object.prototype): with nothing
  // enumerable on that, for...in lists exactly Object.keys, without making an array of them.
  // Evaluated stages may be anything.
  const ownKeysOnly = processed === config && !hasEnumerableKey(Object.prototype);
  execution.stages = stages.map((sc): StageExecution => {
    const context: Record<string, unknown> = {};
    if (ownKeysOnly) for (const k in sc) copyToContext(context, sc, k);
    else for (const k of Object.keys(sc)) copyToContext(context, sc, k);
    return newStage({
      type: String(sc["type"]),
      name: str(sc["name"]) ?? String(sc["type"]),
      refId: String(sc["refId"]),
      // the normalised config's requisites are fresh string arrays; evaluated ones may be anything
      requisiteStageRefIds: requisites(processed === config ? (sc["requisiteStageRefIds"] as string[]) : ((sc["requisiteStageRefIds"] as unknown[]) ?? []).map(String)),
      context,
      // (the parts of a launched stage that start empty are shared, frozen: the engine replaces
      // them, and the store would freeze them anyway)
      outputs: EMPTY_RECORD,
      tasks: emptyList(),
      startTimeExpiry: num(sc["startTimeExpiry"]),
      now,
    });
  });
  if (processed["disabled"] === true && (execution.initialConfig["enabled"] !== true)) {
    execution.status = "TERMINAL";
    execution.canceled = true;
    execution.canceledBy = "system";
    execution.cancellationReason = "Failed on startup: Pipeline is disabled and cannot be started.";
    execution.endTime = now;
    return keepsOwnedExecutions(rt.repository) ? storeOwned(rt.repository, execution, options) : rt.repository.create(execution);
  }
  const created = keepsOwnedExecutions(rt.repository) ? storeOwned(rt.repository, execution, options) : await rt.repository.create(execution);
  // inside a turn the push is only recorded (undefined): nothing to wait for
  const pushed = rt.push(executionMessage("StartExecution", created));
  if (pushed !== undefined) await pushed;
  return created;
}

/** A stage's requisite list; the shared empty one when it has none (the engine replaces requisite lists, never changes them). */
function requisites(list: string[]): string[] {
  return list.length === 0 ? emptyList() : list;
}

/** Copies field `key` of stage config `stage` into its `context`, unless it is one the stage itself holds. */
function copyToContext(context: Record<string, unknown>, stage: Record<string, unknown>, key: string): void {
  if (key === "refId" || key === "requisiteStageRefIds" || key === "startTimeExpiry") return;
  if (key !== "__proto__") addProperty(context, key, stage[key]);
  else Object.defineProperty(context, key, { value: stage[key], enumerable: true, writable: true, configurable: true });
}

/** Whether `object` has an enumerable property, own or inherited. */
function hasEnumerableKey(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

/** Stores a new execution built by {@link launch} from `options` in an in-memory repository, now. */
function storeOwned(repository: InMemoryExecutionRepository, execution: PipelineExecution, options: StartOptions): PipelineExecution {
  // Everything but the trigger is built here or comes from the config, which is a copy of the input
  // (as are launch-time expression results); the trigger holds the caller's objects when `options`
  // gave a trigger or parameters. With those copied, the execution shares nothing with the caller,
  // and the store can keep it without another copy.
  if (options.trigger !== undefined || options.parameters !== undefined) execution.trigger = cloneData(execution.trigger);
  return createOwned(repository, execution);
}

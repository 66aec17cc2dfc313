/**
 * Planning a stage: its task list from the stage type's task graph, and its synthetic before /
 * after / on-failure stages (Orca's `StageDefinitionBuilders` and `StageGraphBuilderImpl`).
 * @module
 */
import { EMPTY_RECORD } from "../execution/empty.js";
import { ulid } from "../execution/ids.js";
import type { StageExecution, SyntheticStageOwner, TaskExecution } from "../execution/types.js";
import type { PlannedStage, StageGraphBuilder, SyntheticStageSpec, TaskGraphBuilder } from "../spi/stage-definition.js";
import type { TaskDefinition } from "../spi/task.js";
import { GennakerError } from "../errors.js";
import { childrenOf, descendantsOf } from "./graph.js";
import type { Runtime } from "./runtime.js";
import type { ExecutionSession } from "./session.js";

/** Type of the synthetic stage planned for `restrictExecutionDuringTimeWindow`. */
export const EXECUTION_WINDOW_STAGE = "restrictExecutionDuringTimeWindow";

/** A new stage record. */
export function newStage(init: {
  id?: string;
  type: string;
  name?: string;
  refId: string;
  context?: Record<string, unknown>;
  /** (a launched stage's: a shared empty record; otherwise a new one) */
  outputs?: Record<string, unknown>;
  /** (a launched stage's: a shared empty list, replaced when the stage starts; otherwise a new one) */
  tasks?: TaskExecution[];
  requisiteStageRefIds?: string[];
  parentStageId?: string | null;
  syntheticStageOwner?: SyntheticStageOwner | null;
  startTimeExpiry?: number | null;
  now: number;
}): StageExecution {
  return {
    id: init.id ?? ulid(init.now),
    refId: init.refId,
    type: init.type,
    name: init.name ?? init.type,
    status: "NOT_STARTED",
    context: init.context ?? {},
    outputs: init.outputs ?? {},
    startTime: null,
    endTime: null,
    startTimeExpiry: init.startTimeExpiry ?? null,
    requisiteStageRefIds: init.requisiteStageRefIds ?? [],
    parentStageId: init.parentStageId ?? null,
    syntheticStageOwner: init.syntheticStageOwner ?? null,
    tasks: init.tasks ?? [],
    scheduledTime: null,
    lastModified: null,
  };
}

/** Flattens a stage type's task graph into task records (ids "1", "2", ...; stage/loop start and end flags). */
export function buildTasks(rt: Runtime, stage: StageExecution, session: ExecutionSession): TaskExecution[] {
  const def = rt.definition(stage.type);
  if (!def) throw new GennakerError("UNKNOWN_STAGE_TYPE", `no stage type ${JSON.stringify(stage.type)} is registered`);
  if (!def.taskGraph) return [];
  const tasks: TaskExecution[] = [];
  // the loop of each task, by position (kept only once a loop is added)
  let loopOf: (number | null)[] | undefined;
  let loops = 0;
  const builder = (loop: number | null): TaskGraphBuilder => {
    const b: TaskGraphBuilder = {
      task(name, task) {
        const type = registerTask(rt, task);
        if (loop !== null) loopOf ??= tasks.map(() => null);
        loopOf?.push(loop);
        tasks.push({
          id: String(tasks.length + 1),
          name,
          implementingClass: type,
          status: "NOT_STARTED",
          startTime: null,
          endTime: null,
          stageStart: false,
          stageEnd: false,
          loopStart: false,
          loopEnd: false,
          // (the engine replaces a task's details, never changes them in place)
          taskExceptionDetails: EMPTY_RECORD,
        });
        return b;
      },
      loop(build) {
        build(builder(++loops));
        return b;
      },
    };
    return b;
  };
  def.taskGraph(stage, builder(null), rt.stageEnv(session.execution));
  const last = tasks.length - 1;
  for (let i = 0; i <= last; i++) {
    const t = tasks[i]!;
    const loop = loopOf === undefined ? null : loopOf[i]!;
    if (loop === null) {
      t.stageStart = i === 0;
      t.stageEnd = i === last;
    } else {
      t.loopStart = i === 0 || loopOf![i - 1] !== loop;
      t.loopEnd = i === last || loopOf![i + 1] !== loop;
    }
  }
  // (a copy of exactly their length: the stage keeps it, and a list grown by push has room for 16)
  return tasks.slice();
}

/** The type name of a task a task graph adds, registering a task definition met the first time. */
function registerTask(rt: Runtime, task: TaskDefinition<any> | string): string {
  if (typeof task === "string") {
    if (!rt.config.tasks.has(task)) throw new GennakerError("UNKNOWN_TASK_TYPE", `no task type ${JSON.stringify(task)} is registered`);
    return task;
  }
  const known = rt.config.tasks.get(task.type);
  if (known === task) return task.type;
  if (known) throw new GennakerError("DUPLICATE_TASK_TYPE", `two different tasks are registered as ${JSON.stringify(task.type)}`);
  rt.config.tasks.set(task.type, task);
  return task.type;
}

const WINDOW_KEYS = ["restrictExecutionDuringTimeWindow", "restrictedExecutionWindow"];

/**
 * Runs a stage type's synthetic-stage hook and inserts what it plans into the execution:
 * before-stages directly before the parent, after-stages after the parent and its descendants.
 * Returns the new stages.
 */
export function planSynthetic(
  rt: Runtime,
  session: ExecutionSession,
  parentId: string,
  owner: SyntheticStageOwner,
  build: (graph: StageGraphBuilder) => void,
  options: { linear?: boolean } = {},
): StageExecution[] {
  const parent = session.stage(parentId);
  const existing = childrenOf(session.execution, parent, owner).length;
  const planned: StageExecution[] = [];
  const marker = owner === "STAGE_BEFORE" ? "<" : ">";
  let last: StageExecution | undefined;
  const make = (spec: SyntheticStageSpec): StageExecution => {
    const context = { ...(spec.context ?? {}) };
    if (spec.type !== EXECUTION_WINDOW_STAGE) for (const k of WINDOW_KEYS) delete context[k];
    // the parent already passed its stageEnabled check when it started
    delete context["stageEnabled"];
    const s = newStage({
      type: spec.type,
      name: spec.name ?? spec.type,
      refId: `${parent.refId}${marker}${existing + planned.length + 1}`,
      context,
      parentStageId: parent.id,
      syntheticStageOwner: owner,
      now: rt.now(),
    });
    planned.push(s);
    return s;
  };
  const handle = (s: StageExecution): PlannedStage => ({ id: s.id, refId: s.refId });
  const byId = (p: PlannedStage): StageExecution => {
    const s = planned.find((x) => x.id === p.id);
    if (!s) throw new GennakerError("INVALID_STAGE_GRAPH", `stage ${p.refId} was not planned in this graph`);
    return s;
  };
  const graph: StageGraphBuilder = {
    add(spec) {
      const s = make(spec);
      if (options.linear && last) s.requisiteStageRefIds = [last.refId];
      last = s;
      return handle(s);
    },
    append(spec) {
      const prev = last;
      const s = make(spec);
      if (prev) s.requisiteStageRefIds = [prev.refId];
      last = s;
      return handle(s);
    },
    connect(previous, next) {
      const n = byId(next);
      const p = byId(previous);
      if (!n.requisiteStageRefIds.includes(p.refId)) n.requisiteStageRefIds.push(p.refId);
    },
  };
  build(graph);
  if (planned.length === 0) return planned;
  const stages = session.execution.stages;
  let index: number;
  if (owner === "STAGE_BEFORE") {
    index = stages.findIndex((s) => s.id === parent.id);
  } else {
    const family = new Set([parent.id, ...descendantsOf(session.execution, parent).map((d) => d.id)]);
    index = stages.findIndex((s) => s.id === parent.id);
    while (index < stages.length && family.has(stages[index]!.id)) index++;
  }
  planned.forEach((s, i) => session.insertStage(s, index + i));
  return planned;
}

/** Plans the before-stages of a starting stage: the execution window first, then the stage type's own. */
export function planBeforeStages(rt: Runtime, session: ExecutionSession, stageId: string): StageExecution[] {
  const stage = session.stage(stageId);
  const def = rt.definition(stage.type);
  // nothing to plan (most stages): no graph builder, no environment
  if (def?.beforeStages === undefined && (stage.context["restrictExecutionDuringTimeWindow"] !== true || stage.type === EXECUTION_WINDOW_STAGE)) return [];
  const env = rt.stageEnv(session.execution);
  let window: StageExecution | undefined;
  const planned = planSynthetic(rt, session, stageId, "STAGE_BEFORE", (graph) => {
    if (stage.context["restrictExecutionDuringTimeWindow"] === true && stage.type !== EXECUTION_WINDOW_STAGE) {
      const context = { ...stage.context };
      delete context["restrictExecutionDuringTimeWindow"];
      delete context["stageTimeoutMs"];
      delete context["alias"];
      delete context["stageEnabled"];
      graph.add({ type: EXECUTION_WINDOW_STAGE, name: "Restrict Execution During", context });
    }
    def?.beforeStages?.(stage, graph, env);
  });
  window = planned.find((s) => s.type === EXECUTION_WINDOW_STAGE);
  if (window) {
    for (const s of planned) {
      if (s !== window && s.requisiteStageRefIds.length === 0) s.requisiteStageRefIds = [window.refId];
    }
  }
  return planned;
}

/**
 * Large executions are handled through indexes (stage positions, the stage graph) instead of scans
 * of the stage list. Every scenario here runs twice — indexes forced on for every execution, and
 * off — and must produce the same events and the same executions.
 */
import { afterEach, describe, expect, it } from "vitest";
import { defineStage } from "../../src/index.js";
import type { PipelineExecution } from "../../src/execution/types.js";
import { setGraphIndexThreshold } from "../../src/engine/stage-graph.js";
import { setPositionScanLimit } from "../../src/engine/stage-index.js";
import { emitTask, engine } from "../semantics/helpers.js";

/** A stage with a before-stage and an after-stage around its own task. */
const wrapped = defineStage({
  type: "wrapped",
  tasks: [emitTask],
  taskGraph: (_s, g) => void g.task("emit", emitTask),
  beforeStages: (s, g) => void g.add({ type: "emit", name: `${s.name} before`, context: { emit: { [`${s.name}Before`]: true } } }),
  afterStages: (s, g) => void g.add({ type: "emit", name: `${s.name} after`, context: { emit: { [`${s.name}After`]: true } } }),
});

/** root → 15 branches (wrapped → emit, one failing with continuePipeline) → wrapped join → read tail. */
function bigPipeline(): Record<string, unknown> {
  const stages: Record<string, unknown>[] = [{ refId: "root", type: "emit", name: "root", emit: { fromRoot: 1 } }];
  const ends: string[] = [];
  for (let i = 1; i <= 15; i++) {
    stages.push({ refId: `a${i}`, type: "wrapped", name: `a${i}`, requisiteStageRefIds: ["root"], emit: { [`a${i}`]: i } });
    if (i === 7) stages.push({ refId: `b${i}`, type: "fail", name: `b${i}`, requisiteStageRefIds: [`a${i}`], continuePipeline: true });
    else stages.push({ refId: `b${i}`, type: "emit", name: `b${i}`, requisiteStageRefIds: [`a${i}`], emit: { [`b${i}`]: i } });
    ends.push(`b${i}`);
  }
  stages.push({ refId: "join", type: "wrapped", name: "join", requisiteStageRefIds: ends, emit: { joined: true } });
  let previous = "join";
  for (let i = 1; i <= 5; i++) {
    stages.push({ refId: `t${i}`, type: "read", name: `t${i}`, requisiteStageRefIds: [previous], keys: ["fromRoot", "a3", "b12", "joinAfter", "joined", "missing"] });
    previous = `t${i}`;
  }
  return { application: "app", name: "big", stages };
}

/** Events and final executions with ids replaced by refIds and stage names. */
async function run(indexed: boolean): Promise<{ events: string[]; first: unknown; restarted: unknown }> {
  setGraphIndexThreshold(indexed ? 0 : Infinity);
  setPositionScanLimit(indexed ? -1 : Infinity);
  const t = engine({ stages: [wrapped] });
  const events: string[] = [];
  for (const name of ["stage.started", "stage.complete", "task.started", "task.complete", "execution.complete"] as const) {
    t.events.on(name, (e: { status: string; stage?: { name: string }; task?: { name: string } }) => {
      events.push(`${name} ${e.stage?.name ?? ""} ${e.task?.name ?? ""} ${e.status}`);
    });
  }
  const started = await t.start(bigPipeline());
  await t.runUntilIdle();
  const first = normalise((await t.get(started.id))!);
  await t.restartStage(started.id, "a3");
  await t.runUntilIdle();
  const restarted = normalise((await t.get(started.id))!);
  return { events, first, restarted };
}

function normalise(e: PipelineExecution): unknown {
  const names = new Map(e.stages.map((s) => [s.id, s.name]));
  return {
    status: e.status,
    stages: e.stages.map((s) => ({
      name: s.name,
      refId: s.refId,
      status: s.status,
      parent: s.parentStageId === null ? null : names.get(s.parentStageId),
      owner: s.syntheticStageOwner,
      requisites: s.requisiteStageRefIds,
      tasks: s.tasks.map((task) => `${task.name}:${task.status}`),
      outputs: s.outputs,
      read: s.context["read"] ?? null,
    })),
  };
}

describe("large executions (indexes on and off)", () => {
  const defaults = { graph: setGraphIndexThreshold(32), positions: setPositionScanLimit(16) };
  afterEach(() => {
    setGraphIndexThreshold(defaults.graph);
    setPositionScanLimit(defaults.positions);
  });

  it("runs a 100-stage DAG with synthetic stages, a failed branch and a restart identically", async () => {
    const scanned = await run(false);
    const indexed = await run(true);
    expect((scanned.first as { status: string }).status).toBe("SUCCEEDED");
    expect((scanned.first as { stages: unknown[] }).stages.length).toBeGreaterThan(60);
    expect(scanned.events.length).toBeGreaterThan(300);
    expect(indexed.events).toEqual(scanned.events);
    expect(indexed.first).toEqual(scanned.first);
    expect(indexed.restarted).toEqual(scanned.restarted);
  });
});

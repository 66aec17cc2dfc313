import { describe, expect, it } from "vitest";
import { createEngine } from "../engine/engine.js";
import { VirtualClock } from "../time/clock.js";
import type { PipelineExecution } from "../execution/types.js";
import { InMemoryExecutionRepository, keepsStoredForms, retrieveStored, updateStored } from "./memory-repository.js";

function expectDeepFrozen(value: unknown, path: string): void {
  if (value === null || typeof value !== "object") return;
  expect(Object.isFrozen(value), path).toBe(true);
  for (const [k, v] of Object.entries(value)) expectDeepFrozen(v, `${path}.${k}`);
}

const pipeline = {
  application: "app",
  stages: [
    { refId: "1", type: "evaluateVariables", name: "vars", variables: [{ key: "deep", value: { a: { b: [1, 2] } } }] },
    { refId: "2", type: "wait", name: "wait", waitTime: 0, nested: { list: [{ x: 1 }] }, requisiteStageRefIds: ["1"] },
  ],
};

async function runToEnd(engine: ReturnType<typeof createEngine>, clock: VirtualClock, id: string): Promise<PipelineExecution> {
  for (;;) {
    await engine.runUntilIdle();
    const next = await engine.queue.nextDueAt();
    if (next === undefined) break;
    clock.advance(Math.max(0, next - clock.now()));
  }
  return (await engine.get(id))!;
}

describe("the in-memory store's stored forms", () => {
  it("what the engine's turns wrote is deep-frozen before a reader gets it (get, list, update)", async () => {
    const clock = new VirtualClock();
    const repository = new InMemoryExecutionRepository();
    expect(keepsStoredForms(repository)).toBe(true);
    const engine = createEngine({ clock, repository });
    const started = await engine.start(pipeline);
    const done = await runToEnd(engine, clock, started.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.stages[0]!.outputs["deep"]).toEqual({ a: { b: [1, 2] } });
    done.stages.forEach((s, i) => expectDeepFrozen(s, `get: stages[${i}]`));
    for (const e of await engine.list()) e.stages.forEach((s, i) => expectDeepFrozen(s, `list: stages[${i}]`));
    expect(() => {
      (done.stages[1]!.context["nested"] as { list: { x: number }[] }).list[0]!.x = 2;
    }).toThrow(TypeError);
  });

  it("what a listener is handed of a written stage is frozen", async () => {
    const clock = new VirtualClock();
    const engine = createEngine({ clock });
    const frozen: boolean[] = [];
    engine.events.on("stage.complete", (e) => frozen.push(Object.isFrozen(e.stage) && Object.isFrozen(e.stage.context) && Object.isFrozen(e.stage.outputs)));
    const started = await engine.start(pipeline);
    await runToEnd(engine, clock, started.id);
    expect(frozen).toEqual([true, true]);
  });

  it("updateStored keeps the given execution as it is, unfrozen, at the next version, until a reader comes", async () => {
    const repository = new InMemoryExecutionRepository();
    const engine = createEngine({ clock: new VirtualClock(), repository });
    const started = await engine.start(pipeline);
    const stored = retrieveStored(repository, started.id)!;
    const stage = { ...stored.stages[0]!, context: { fresh: { a: 1 } } };
    const next = { ...stored, stages: [stage, ...stored.stages.slice(1)] };
    const written = updateStored(repository, next);
    expect(written).toBe(next);
    expect(written.version).toBe(stored.version + 1);
    expect(retrieveStored(repository, started.id)).toBe(next);
    expect(Object.isFrozen(stage.context)).toBe(false);
    // a stale version loses
    expect(() => updateStored(repository, { ...stored })).toThrow(/version/i);
    const read = (await repository.retrieve(started.id))!;
    expect(read.version).toBe(written.version);
    expectDeepFrozen(read.stages[0], "stages[0]");
    expect(Object.isFrozen(stage.context)).toBe(true);
  });

  it("a repository whose retrieve or update is wrapped (a spy, a subclass) is read and written through them", () => {
    const wrapped = new InMemoryExecutionRepository();
    wrapped.update = (e, c) => InMemoryExecutionRepository.prototype.update.call(wrapped, e, c);
    class Sub extends InMemoryExecutionRepository {
      override async retrieve(id: string) {
        return super.retrieve(id);
      }
    }
    expect(keepsStoredForms(wrapped)).toBe(false);
    expect(keepsStoredForms(new Sub())).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { StageExecution } from "../execution/types.js";
import { newStage } from "./planning.js";
import { copyStage, withContext } from "./session.js";

const stage = (): StageExecution => {
  const s = newStage({ type: "wait", refId: "1", context: { waitTime: 1, nested: { a: [1] } }, requisiteStageRefIds: ["0"], now: 0 });
  s.tasks = [{ id: "1", name: "wait", implementingClass: "wait", status: "RUNNING", startTime: 1, endTime: null, stageStart: true, stageEnd: true, loopStart: false, loopEnd: false, taskExceptionDetails: {} }];
  return s;
};

describe("stage copies", () => {
  it("withContext is { ...stage, context }: same keys in the same order, everything but the context shared", () => {
    const s = stage();
    const context = { other: true };
    const view = withContext(s, context);
    expect(view).toEqual({ ...s, context });
    expect(Object.keys(view)).toEqual(Object.keys(s));
    expect(view.context).toBe(context);
    expect(view.tasks).toBe(s.tasks);
    expect(view.outputs).toBe(s.outputs);
  });

  it("withContext of a stage with unusual keys keeps them (the spread's result)", () => {
    const s = { ...stage(), extra: 1 } as StageExecution;
    const view = withContext(s, {});
    expect(view).toEqual({ ...s, context: {} });
    expect((view as unknown as { extra: number }).extra).toBe(1);
  });

  it("copyStage copies the context, outputs, task list and tasks, and shares nested values and the requisites", () => {
    const s = stage();
    const c = copyStage(s);
    expect(c).toEqual(s);
    expect(Object.keys(c)).toEqual(Object.keys(s));
    expect(c.context).not.toBe(s.context);
    expect(c.outputs).not.toBe(s.outputs);
    expect(c.tasks).not.toBe(s.tasks);
    expect(c.tasks[0]).not.toBe(s.tasks[0]);
    expect(c.context["nested"]).toBe(s.context["nested"]);
    expect(c.requisiteStageRefIds).toBe(s.requisiteStageRefIds);
  });
});

import { describe, expect, it } from "vitest";
import { createEngine, isComplete } from "../../src/index.js";

describe("worker on the system clock", () => {
  it("runs an execution to completion with real timers and stops cleanly", async () => {
    const engine = createEngine();
    const worker = engine.startWorker({ concurrency: 2, maxIdleMs: 50 });
    const e = await engine.start({ application: "a", stages: [{ refId: "1", type: "wait", waitTime: 0.05 }, { refId: "2", type: "wait", waitTime: 0, requisiteStageRefIds: ["1"] }] });
    for (let i = 0; i < 200; i++) {
      const x = await engine.get(e.id);
      if (x && isComplete(x.status)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const done = (await engine.get(e.id))!;
    expect(done.status).toBe("SUCCEEDED");
    expect(done.stages[0]!.endTime! - done.stages[0]!.startTime!).toBeGreaterThanOrEqual(50);
    expect(worker.running).toBe(true);
    await engine.stop();
    expect(worker.running).toBe(false);
  });
});

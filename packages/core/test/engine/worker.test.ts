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

describe("worker reacts to operations at once", () => {
  it("a judgment completes a waiting manual judgment without waiting for the idle poll", async () => {
    const engine = createEngine();
    engine.startWorker({ maxIdleMs: 60_000 });
    const e = await engine.start({ application: "a", stages: [{ refId: "1", type: "manualJudgment", name: "Go?" }] });
    for (let i = 0; i < 100 && (await engine.get(e.id))!.stages[0]!.status !== "RUNNING"; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    await engine.judge(e.id, "Go?", { judgmentStatus: "continue" });
    let x = (await engine.get(e.id))!;
    for (let i = 0; i < 100 && !isComplete(x.status); i++) {
      await new Promise((r) => setTimeout(r, 5));
      x = (await engine.get(e.id))!;
    }
    expect(x.status).toBe("SUCCEEDED");
    // woken by the judgment, not by the 60 s idle poll nor the manual judgment's own backoff
    expect(x.endTime! - x.stages[0]!.lastModified!.lastModifiedTime).toBeLessThan(1_000);
    await engine.stop();
  });
});

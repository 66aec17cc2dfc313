import { describe, expect, it } from "vitest";
import { createTestEngine } from "../src/testing.js";

describe("smoke", () => {
  it("runs a linear wait pipeline in virtual time", async () => {
    const engine = createTestEngine();
    const e = await engine.start({
      id: "p1",
      application: "app",
      name: "waits",
      stages: [
        { refId: "1", type: "wait", name: "short", waitTime: 30 },
        { refId: "2", type: "wait", name: "long", waitTime: 3600, requisiteStageRefIds: ["1"] },
      ],
    });
    const t0 = engine.clock.now();
    const done = await engine.runToCompletion(e.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.stages.map((s) => s.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect(done.endTime! - t0).toBe(3630_000);
  });
});

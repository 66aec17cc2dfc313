import { describe, expect, it } from "vitest";
import { NotAuthorizedError, type PipelineExecution } from "../../src/index.js";
import { createTestEngine } from "../../src/testing.js";
import { testStages } from "./fixtures.js";

const MIN = 60_000;
const DAY = 24 * 3_600_000;

describe("pause and resume (spec 3.3)", () => {
  it("pausing during a wait stops the clock of the wait; resuming continues it", async () => {
    const engine = createTestEngine({ stages: testStages });
    const t0 = engine.clock.now();
    const e = await engine.start({ application: "a", stages: [{ refId: "1", type: "wait", waitTime: 600 }, { refId: "2", type: "scripted", requisiteStageRefIds: ["1"] }] });
    await engine.advance(100_000);
    await engine.pause(e.id, { user: "ops" });
    await engine.advance(1_000);
    let x = (await engine.get(e.id))!;
    expect(x.status).toBe("PAUSED");
    expect(x.stages[0]!.status).toBe("PAUSED");
    expect(x.stages[0]!.tasks[0]!.status).toBe("PAUSED");
    expect(x.paused).toMatchObject({ pausedBy: "ops", pauseTime: t0 + 100_000 });
    await engine.advance(3_600_000);
    x = (await engine.get(e.id))!;
    expect(x.status).toBe("PAUSED");
    await engine.resume(e.id, { user: "ops" });
    const done = await engine.runToCompletion(e.id);
    expect(done.status).toBe("SUCCEEDED");
    // 600 s of waiting + the 3,601 s paused
    expect(done.stages[0]!.endTime! - t0).toBe(600_000 + 3_601_000);
    expect(done.paused).toMatchObject({ resumedBy: "ops", resumeTime: t0 + 3_701_000 });
  });

  it("only a RUNNING execution can be paused", async () => {
    const engine = createTestEngine();
    const e = await engine.start({ application: "a", stages: [{ refId: "1", type: "wait", waitTime: 1 }] });
    await engine.runToCompletion(e.id);
    await expect(engine.pause(e.id)).rejects.toMatchObject({ code: "INVALID_STATE" });
  });
});

describe("cancel", () => {
  it("cancel during a wait: the running stage becomes CANCELED at once, later stages never start", async () => {
    const engine = createTestEngine({ stages: testStages });
    const t0 = engine.clock.now();
    const e = await engine.start({ application: "a", stages: [{ refId: "1", type: "wait", waitTime: 3600 }, { refId: "2", type: "scripted", requisiteStageRefIds: ["1"] }] });
    await engine.advance(10 * MIN);
    await engine.cancel(e.id, { user: "alice", reason: "wrong build" });
    await engine.advance(0);
    const x = (await engine.get(e.id))!;
    expect(x.status).toBe("CANCELED");
    expect(x).toMatchObject({ canceled: true, canceledBy: "alice", cancellationReason: "wrong build" });
    expect(x.stages.map((s) => s.status)).toEqual(["CANCELED", "NOT_STARTED"]);
    expect(x.endTime! - t0).toBe(10 * MIN);
  });

  it("an execution publishes exactly one completion event when canceled (QUIRK fixed)", async () => {
    const engine = createTestEngine();
    const seen: string[] = [];
    engine.events.on("execution.complete", (ev) => seen.push(ev.status));
    const e = await engine.start({ application: "a", stages: [{ refId: "1", type: "wait", waitTime: 3600 }] });
    await engine.advance(MIN);
    await engine.cancel(e.id);
    await engine.advance(DAY);
    expect(seen).toEqual(["CANCELED"]);
  });
});

describe("skip remaining wait, manual skip", () => {
  it("skipWait ends a wait at once", async () => {
    const engine = createTestEngine();
    const t0 = engine.clock.now();
    const e = await engine.start({ application: "a", stages: [{ refId: "1", type: "wait", waitTime: 86_400 }] });
    await engine.advance(5 * MIN);
    await engine.skipWait(e.id, "1", { user: "bob" });
    await engine.advance(0);
    const x = (await engine.get(e.id))!;
    expect(x.status).toBe("SUCCEEDED");
    expect(x.endTime! - t0).toBe(5 * MIN);
    expect(x.stages[0]!.lastModified).toMatchObject({ user: "bob" });
  });

  it("a stage type that does not allow manual skip refuses it", async () => {
    const engine = createTestEngine();
    const e = await engine.start({ application: "a", stages: [{ refId: "1", type: "wait", waitTime: 60 }] });
    await engine.advance(1_000);
    await expect(engine.skipStage(e.id, "1")).rejects.toMatchObject({ code: "INVALID_STATE" });
  });
});

describe("manual judgment (spec 4.5)", () => {
  const mj = (extra: Record<string, unknown> = {}) => ({
    id: "mj",
    application: "a",
    stages: [
      { refId: "1", type: "manualJudgment", name: "Approve", judgmentInputs: [{ value: "blue" }, { value: "green" }], ...extra },
      { refId: "2", type: "evaluateVariables", name: "Use it", requisiteStageRefIds: ["1"], variables: [{ key: "color", value: "${#judgment('Approve')}" }] },
    ],
  });

  it("times out after 3 days without a judgment — tested in milliseconds", async () => {
    const engine = createTestEngine();
    const t0 = engine.clock.now();
    const e = await engine.start(mj());
    const done = await engine.runToCompletion(e.id);
    expect(done.status).toBe("TERMINAL");
    expect(done.stages[0]!.status).toBe("TERMINAL");
    expect(done.stages[0]!.endTime! - t0).toBeGreaterThan(3 * DAY);
    expect(done.stages[0]!.endTime! - t0).toBeLessThanOrEqual(3 * DAY + 15_000);
  });

  it("stageTimeoutMs overrides the 3-day timeout", async () => {
    const engine = createTestEngine();
    const t0 = engine.clock.now();
    const done = await engine.runToCompletion((await engine.start(mj({ stageTimeoutMs: 3_600_000 }))).id);
    expect(done.status).toBe("TERMINAL");
    expect(done.stages[0]!.endTime! - t0).toBeLessThanOrEqual(3_600_000 + 15_000);
  });

  it("continue with an input: SUCCEEDED at once, and #judgment reads the input downstream", async () => {
    const engine = createTestEngine();
    const t0 = engine.clock.now();
    const e = await engine.start(mj());
    await engine.advance(2 * DAY);
    await engine.judge(e.id, "Approve", { judgmentStatus: "continue", judgmentInput: "green", user: "carol" });
    const done = await engine.runToCompletion(e.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.stages[0]!.endTime! - t0).toBe(2 * DAY);
    expect(done.stages[0]!.context).toMatchObject({ judgmentStatus: "continue", judgmentInput: "green", lastModifiedBy: "carol" });
    expect(done.stages[1]!.outputs).toEqual({ color: "green" });
  });

  it("stop is TERMINAL, or STOPPED with 'halt this branch'", async () => {
    for (const [extra, status, pipelineStatus] of [
      [{}, "TERMINAL", "TERMINAL"],
      [{ failPipeline: false }, "STOPPED", "SUCCEEDED"],
    ] as const) {
      const engine = createTestEngine();
      const e = await engine.start(mj(extra));
      await engine.advance(MIN);
      await engine.judge(e.id, "1", { judgmentStatus: "Stop" });
      const done = await engine.runToCompletion(e.id);
      expect([done.stages[0]!.status, done.status]).toEqual([status, pipelineStatus]);
    }
  });

  it("the authorization hook decides who may judge when roles are required", async () => {
    const engine = createTestEngine({ authorizeJudgment: ({ user, requiredRoles }) => user === "admin" || requiredRoles.includes(`${user}-role`) });
    const e = await engine.start(mj({ requiredJudgmentRoles: ["release"] }));
    await engine.advance(MIN);
    await expect(engine.judge(e.id, "Approve", { judgmentStatus: "continue", user: "mallory" })).rejects.toBeInstanceOf(NotAuthorizedError);
    await engine.advance(MIN);
    expect((await engine.get(e.id))!.stages[0]!.status).toBe("RUNNING");
    await engine.judge(e.id, "Approve", { judgmentStatus: "continue", user: "admin" });
    expect((await engine.runToCompletion(e.id)).status).toBe("SUCCEEDED");
  });

  it("notifies when awaiting judgment, re-notifies every notifyEveryMs, and on continue when sendNotifications", async () => {
    const engine = createTestEngine();
    const t0 = engine.clock.now();
    const seen: [string, number][] = [];
    engine.events.on("manualJudgment.notification", (n) => seen.push([n.state, engine.clock.now() - t0]));
    const e = await engine.start(
      mj({
        sendNotifications: true,
        notifications: [{ type: "slack", address: "#deploys", when: ["manualJudgment", "manualJudgmentContinue"], notifyEveryMs: 3_600_000 }],
      }),
    );
    await engine.advance(2.5 * 3_600_000);
    await engine.judge(e.id, "Approve", { judgmentStatus: "continue" });
    await engine.runToCompletion(e.id);
    expect(seen).toEqual([
      ["manualJudgment", 0],
      ["manualJudgment", 3_600_000],
      ["manualJudgment", 7_200_000],
      ["manualJudgmentContinue", 9_000_000],
    ]);
  });
});

describe("execution windows (spec 4.4)", () => {
  it("waits for the next window across a DST change, in the stage's own time zone", async () => {
    // Saturday 2026-03-07 20:00 in New York (EST, UTC-5); the night of the 8th clocks jump 02:00 -> 03:00
    const engine = createTestEngine({ start: Date.UTC(2026, 2, 8, 1, 0), stages: testStages });
    const e = await engine.start({
      application: "a",
      stages: [
        {
          refId: "1",
          type: "scripted",
          name: "deploy",
          restrictExecutionDuringTimeWindow: true,
          restrictedExecutionWindow: { whitelist: [{ startHour: 2, startMin: 30, endHour: 4, endMin: 0 }], timezone: "America/New_York" },
        },
      ],
    });
    const done = await engine.runToCompletion(e.id);
    expect(done.status).toBe("SUCCEEDED");
    const window = done.stages.find((s) => s.type === "restrictExecutionDuringTimeWindow")!;
    const deploy = done.stages.find((s) => s.name === "deploy")!;
    expect(window.refId).toBe("1<1");
    // 02:30 does not exist that night: the window opens at 03:00 EDT = 07:00Z
    expect(new Date(deploy.tasks[0]!.startTime!).toISOString()).toBe("2026-03-08T07:00:00.000Z");
  });

  it("days use Java numbering (1 = Sunday) and the true next allowed day is picked (QUIRK fixed)", async () => {
    // Wednesday 2015-02-25 21:45 Los Angeles; window 06:00-10:00 on Thursdays (5)
    const engine = createTestEngine({ start: Date.UTC(2015, 1, 26, 5, 45), stages: testStages });
    const e = await engine.start({
      application: "a",
      stages: [{ refId: "1", type: "scripted", name: "deploy", restrictExecutionDuringTimeWindow: true, restrictedExecutionWindow: { whitelist: [{ startHour: 6, startMin: 0, endHour: 10, endMin: 0 }], days: [5] } }],
    });
    const done = await engine.runToCompletion(e.id);
    const deploy = done.stages.find((s) => s.name === "deploy")!;
    expect(new Date(deploy.tasks[0]!.startTime!).toISOString()).toBe("2015-02-26T14:00:00.000Z");
  });

  it("skipWait on the stage skips its execution window", async () => {
    const engine = createTestEngine({ start: Date.UTC(2026, 0, 5, 12, 0), stages: testStages, timeZone: "UTC" });
    const e = await engine.start({
      application: "a",
      stages: [{ refId: "1", type: "scripted", name: "deploy", restrictExecutionDuringTimeWindow: true, restrictedExecutionWindow: { whitelist: [{ startHour: 1, startMin: 0, endHour: 2, endMin: 0 }] } }],
    });
    await engine.advance(MIN);
    expect((await engine.get(e.id))!.status).toBe("RUNNING");
    await engine.skipWait(e.id, "deploy");
    await engine.advance(0);
    const x = (await engine.get(e.id)) as PipelineExecution;
    expect(x.status).toBe("SUCCEEDED");
    expect(x.endTime).toBe(Date.UTC(2026, 0, 5, 12, 1));
  });
});

import { describe, expect, it } from "vitest";
import { createEngine, defineStage, defineTask, InMemoryExecutionRepository, InMemoryQueue, VirtualClock } from "../../src/index.js";
import { testStages } from "./fixtures.js";

const pipeline = {
  application: "a",
  stages: [
    { refId: "1", type: "wait", waitTime: 60 },
    { refId: "2", type: "scripted", requisiteStageRefIds: ["1"] },
    { refId: "3", type: "wait", waitTime: 30, requisiteStageRefIds: ["1"] },
    { refId: "4", type: "scripted", requisiteStageRefIds: ["2", "3"] },
  ],
};

async function drive(engine: ReturnType<typeof createEngine>, clock: VirtualClock, ms: number): Promise<void> {
  const target = clock.now() + ms;
  for (;;) {
    await engine.runUntilIdle();
    const next = await engine.queue.nextDueAt();
    if (next === undefined || next > target) break;
    clock.advance(Math.max(0, next - clock.now()));
  }
  clock.advance(Math.max(0, target - clock.now()));
  await engine.runUntilIdle();
}

describe("zombie repair", () => {
  it("an execution whose queued messages were lost is found and finished", async () => {
    const clock = new VirtualClock();
    const repository = new InMemoryExecutionRepository();
    const first = createEngine({ clock, repository, stages: testStages });
    const e = await first.start(pipeline);
    await drive(first, clock, 10_000);
    expect((await first.get(e.id))!.status).toBe("RUNNING");
    // the queue is lost (say, a Redis outage): a new engine on the same repository with an empty queue
    const second = createEngine({ clock, repository, queue: new InMemoryQueue({ clock }), stages: testStages });
    await drive(second, clock, 3_600_000);
    expect((await second.get(e.id))!.status).toBe("RUNNING");
    expect(await second.repairZombies()).toEqual([e.id]);
    expect(await second.repairZombies()).toEqual([]);
    await drive(second, clock, 3_600_000);
    const done = (await second.get(e.id))!;
    expect(done.status).toBe("SUCCEEDED");
    expect(done.stages.map((s) => s.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    // the wait finishes when the repair re-runs it, not before
    expect(done.stages[0]!.endTime! - done.stages[0]!.startTime!).toBe(3_610_000);
  });
});

describe("stage lock", () => {
  it("two deliveries of the same RunTask never run the task at once", async () => {
    let running = 0;
    let maxRunning = 0;
    let release: (() => void) | undefined;
    const slow = defineTask({
      type: "slow",
      async execute() {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((r) => (release = r));
        running--;
        return { status: "SUCCEEDED" };
      },
    });
    const clock = new VirtualClock();
    // one message at a time, to hold the RunTask in hand
    const engine = createEngine({ clock, messagesPerTurn: 1, stages: [defineStage({ type: "slow", tasks: [slow], taskGraph: (_s, g) => void g.task("slow", slow) })] });
    const e = await engine.start({ application: "a", stages: [{ refId: "1", type: "slow" }] });
    // StartExecution, StartStage, StartTask
    for (let i = 0; i < 3; i++) await engine.processNext();
    const runTask = (await engine.queue.messagesFor(e.id)).find((m) => m.kind === "RunTask")!;
    const firstRun = engine.processNext();
    await new Promise((r) => setTimeout(r, 10));
    await engine.queue.push({ ...runTask }); // a duplicate arrives while the first still runs
    await engine.processNext();
    expect(maxRunning).toBe(1);
    release!();
    await firstRun;
    clock.advance(2_000);
    await engine.runUntilIdle();
    expect((await engine.get(e.id))!.status).toBe("SUCCEEDED");
    expect(maxRunning).toBe(1);
  });
});

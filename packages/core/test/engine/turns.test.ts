/**
 * Turns: a polled message and its zero-delay follow-ups on the same execution are handled back to
 * back and written once. Same results and events as one message at a time, far fewer writes and
 * queue trips; state is stored before its events are published; a slow task is visible as RUNNING
 * while it works.
 */
import { describe, expect, it } from "vitest";
import {
  createEngine,
  defineStage,
  defineTask,
  InMemoryExecutionRepository,
  InMemoryQueue,
  VirtualClock,
  type ExecutionChanges,
  type Message,
  type PipelineExecution,
} from "../../src/index.js";
import { testStages } from "./fixtures.js";

/** A repository that counts its writes. */
class CountingRepository extends InMemoryExecutionRepository {
  writes = 0;
  override update(execution: PipelineExecution, changes: ExecutionChanges): Promise<PipelineExecution> {
    this.writes++;
    return super.update(execution, changes);
  }
}

/** A queue that counts pushes. */
class CountingQueue extends InMemoryQueue {
  pushes = 0;
  override push(message: Message, delayMs?: number): Promise<void> {
    this.pushes++;
    return super.push(message, delayMs);
  }
}

/** Two tasks, then an after-stage (a stage-type hook: its stage completes through CompleteStage). */
const firstTask = defineTask({ type: "turns.first", execute: () => ({ status: "SUCCEEDED", outputs: { first: true } }) });
const pairStage = defineStage({
  type: "pair",
  tasks: [firstTask],
  taskGraph(_stage, graph) {
    graph.task("first", firstTask).task("second", "scripted");
  },
  afterStages: (_stage, graph) => void graph.add({ type: "scripted", name: "pairAfter" }),
});

const pipeline = {
  application: "app",
  name: "turns",
  stages: [
    { refId: "1", type: "scripted", name: "build" },
    { refId: "2a", type: "scripted", name: "left", requisiteStageRefIds: ["1"], script: ["RUNNING", "SUCCEEDED"], backoffMs: 0 },
    { refId: "2b", type: "wait", name: "soak", requisiteStageRefIds: ["1"], waitTime: 5 },
    { refId: "2c", type: "scripted", name: "right", requisiteStageRefIds: ["1"], script: ["FAILED_CONTINUE"] },
    { refId: "3", type: "scripted", name: "join", requisiteStageRefIds: ["2a", "2b", "2c"] },
    { refId: "2d", type: "scripted", name: "stops", requisiteStageRefIds: ["1"], script: ["TERMINAL"], failPipeline: false },
    { refId: "4", type: "evaluateVariables", name: "vars", requisiteStageRefIds: ["3"], variables: [{ key: "built", value: "${#stage('build').status}" }] },
    { refId: "5", type: "pair", name: "pair", requisiteStageRefIds: ["4"] },
  ],
};

async function run(messagesPerTurn: number) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const repository = new CountingRepository();
  const queue = new CountingQueue({ clock });
  const engine = createEngine({ clock, repository, queue, stages: [...testStages, pairStage], messagesPerTurn, logger: { warn() {}, error() {} } });
  const events: string[] = [];
  const seen: string[] = [];
  for (const name of ["execution.started", "stage.started", "task.started", "task.complete", "stage.complete", "execution.complete"] as const) {
    engine.events.on(name, (e: { stage?: { name: string }; task?: { name: string }; status: string }) => {
      events.push(`${name} ${e.stage?.name ?? ""} ${e.task?.name ?? ""} ${e.status}`);
    });
  }
  // what the store holds when an event is published
  engine.events.on("stage.started", (e) => {
    void engine.get(e.executionId).then((stored) => seen.push(`${e.stage.name}:${stored!.stages.find((s) => s.id === e.stageId)!.status}`));
  });
  const started = await engine.start(pipeline);
  const before = repository.writes;
  const pushesBefore = queue.pushes;
  for (;;) {
    await engine.runUntilIdle();
    const next = await queue.nextDueAt();
    if (next === undefined) break;
    clock.advance(Math.max(0, next - clock.now()));
  }
  const done = (await engine.get(started.id))!;
  return { done, events, seen, writes: repository.writes - before, pushes: queue.pushes - pushesBefore };
}

const shape = (e: PipelineExecution) =>
  e.stages.map((s) => ({ name: s.name, status: s.status, start: s.startTime, end: s.endTime, context: s.context, outputs: s.outputs, tasks: s.tasks.map((t) => [t.name, t.status]) }));

describe("turns", () => {
  it("give the same execution and the same events as one message at a time, with far fewer writes and queue pushes", async () => {
    const one = await run(1);
    const turns = await run(100);
    expect(one.done.status).toBe("SUCCEEDED");
    expect(shape(turns.done)).toEqual(shape(one.done));
    expect(turns.done.stages.find((s) => s.name === "vars")!.outputs["built"]).toBe("SUCCEEDED");
    // the same transitions; each stage's own events in the same order
    expect([...turns.events].sort()).toEqual([...one.events].sort());
    expect(turns.done.stages.map((s) => `${s.name}:${s.status}`)).toContain("stops:STOPPED");
    expect(turns.done.stages.map((s) => `${s.name}:${s.status}`)).toContain("pairAfter:SUCCEEDED");
    for (const name of ["build", "left", "soak", "right", "stops", "join", "vars", "pair", "pairAfter"]) {
      const mine = (list: string[]) => list.filter((l) => l.split(" ")[1] === name);
      expect(mine(turns.events)).toEqual(mine(one.events));
    }
    expect(turns.events[0]).toBe("execution.started   RUNNING");
    expect(turns.events.at(-1)).toBe("execution.complete   SUCCEEDED");
    expect(turns.writes).toBeLessThan(one.writes / 3);
    expect(turns.pushes).toBeLessThan(one.pushes / 3);
  });

  it("store the state before publishing its events", async () => {
    const { seen } = await run(100);
    await new Promise((r) => setTimeout(r, 0));
    expect(seen.length).toBe(9);
    for (const s of seen) expect(s).not.toMatch(/:NOT_STARTED$/);
  });

  it("write a slow task's stage as RUNNING (and publish stage.started) while the task works", async () => {
    let finish: (() => void) | undefined;
    const slowTask = defineTask({
      type: "slowTask",
      execute: () => new Promise<{ status: "SUCCEEDED" }>((resolve) => (finish = () => resolve({ status: "SUCCEEDED" }))),
    });
    const slowStage = defineStage({ type: "slow", tasks: [slowTask], taskGraph: (_s, g) => void g.task("slow", slowTask) });
    const clock = new VirtualClock();
    const engine = createEngine({ clock, stages: [...testStages, slowStage] });
    const started: string[] = [];
    engine.events.on("stage.started", (e) => started.push(e.stage.name));
    const e = await engine.start({ application: "app", stages: [{ refId: "1", type: "scripted", name: "first" }, { refId: "2", type: "slow", name: "slow", requisiteStageRefIds: ["1"] }] });
    const turn = engine.processNext(); // StartExecution and everything after it, up to the slow task
    await new Promise((r) => setTimeout(r, 200));
    expect(finish).toBeDefined();
    const during = (await engine.get(e.id))!;
    expect(during.stages.map((s) => s.status)).toEqual(["SUCCEEDED", "RUNNING"]);
    expect(during.stages[1]!.tasks[0]!.status).toBe("RUNNING");
    expect(started).toEqual(["first", "slow"]);
    expect(await engine.queue.size()).toBe(1); // the polled message: acked only after the turn's last write
    finish!();
    await turn;
    await engine.runUntilIdle();
    expect((await engine.get(e.id))!.status).toBe("SUCCEEDED");
  });

  it("messagesPerTurn bounds a turn: the rest goes through the queue", async () => {
    const clock = new VirtualClock();
    const queue = new CountingQueue({ clock });
    const engine = createEngine({ clock, queue, stages: testStages, messagesPerTurn: 4 });
    const stages = Array.from({ length: 10 }, (_, i) => ({ refId: String(i + 1), type: "scripted", requisiteStageRefIds: i === 0 ? [] : [String(i)] }));
    const e = await engine.start({ application: "app", stages });
    const polled = await engine.runUntilIdle();
    expect((await engine.get(e.id))!.status).toBe("SUCCEEDED");
    // one message per stage (in a turn StartStage starts the stage's task, runs it and records its
    // end and the stage's), StartExecution and CompleteExecution: 12 messages, 4 per turn
    expect(polled).toBe(3);
    expect(queue.pushes).toBe(polled);
  });

  describe("a task StartStage runs at once", () => {
    /** Runs `stages` to the end with `messagesPerTurn`; counts the task's runs; the final execution and the dead letters. */
    async function outcome(messagesPerTurn: number, task: ReturnType<typeof defineTask>) {
      const clock = new VirtualClock();
      const stage = defineStage({ type: "odd", tasks: [task], taskGraph: (_s, g) => void g.task("odd", task) });
      const engine = createEngine({ clock, stages: [...testStages, stage], messagesPerTurn, logger: { warn() {}, error() {} } });
      const events: string[] = [];
      for (const name of ["stage.started", "task.started", "task.complete", "stage.complete"] as const) {
        engine.events.on(name, (e: { stage: { name: string }; status: string }) => void events.push(`${name} ${e.stage.name} ${e.status}`));
      }
      const e = await engine.start({ application: "app", stages: [{ refId: "1", type: "scripted", name: "first" }, { refId: "2", type: "odd", name: "odd", requisiteStageRefIds: ["1"] }] });
      for (;;) {
        await engine.runUntilIdle();
        const next = await engine.queue.nextDueAt();
        if (next === undefined) break;
        clock.advance(Math.max(0, next - clock.now()));
      }
      const done = (await engine.get(e.id))!;
      return { done: shape(done), status: done.status, events, dead: (await engine.queue.deadLetters()).map((d) => d.message.kind) };
    }

    it("a result whose end cannot be recorded fails as RunTask, with RunTask's retries and dead letter, as one message at a time", async () => {
      let runs = 0;
      // outputs a store cannot keep (structuredClone throws): recording the task's end fails every time
      const task = defineTask({ type: "unstorable", execute: () => (runs++, { status: "SUCCEEDED", outputs: { f: () => 1 } }) });
      const one = await outcome(1, task);
      const runsOne = runs;
      runs = 0;
      const turns = await outcome(100, task);
      expect(one.status).toBe("TERMINAL");
      expect(turns.done).toEqual(one.done);
      expect(turns.dead).toEqual(one.dead);
      expect(turns.dead).toEqual(["RunTask"]);
      expect([...turns.events].sort()).toEqual([...one.events].sort());
      // one message at a time: RunTask's five attempts. In a turn: the run at the stage's start, the
      // turn's RunTask, then the five attempts of the RunTask it queued
      expect(runsOne).toBe(5);
      expect(runs).toBe(runsOne + 2);
    });

    it("a task that returns a promise goes on as RunTask; its failure to record is RunTask's too", async () => {
      const task = defineTask({ type: "unstorableLater", execute: async () => ({ status: "SUCCEEDED", outputs: { f: () => 1 } }) });
      const one = await outcome(1, task);
      const turns = await outcome(100, task);
      expect(turns.done).toEqual(one.done);
      expect(turns.dead).toEqual(["RunTask"]);
      expect([...turns.events].sort()).toEqual([...one.events].sort());
    });

    it("a stage whose task ran at its start has its start, its task's events and its end, in that order, with RUNNING on the starts", async () => {
      const task = defineTask({ type: "quick", execute: () => ({ status: "SUCCEEDED" }) });
      const one = await outcome(1, task);
      const turns = await outcome(100, task);
      const odd = (l: string[]) => l.filter((x) => x.split(" ")[1] === "odd");
      expect(odd(turns.events)).toEqual(["stage.started odd RUNNING", "task.started odd RUNNING", "task.complete odd SUCCEEDED", "stage.complete odd SUCCEEDED"]);
      expect(odd(turns.events)).toEqual(odd(one.events));
      expect(turns.done).toEqual(one.done);
    });
  });
});

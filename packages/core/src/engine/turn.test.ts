import { describe, expect, it } from "vitest";
import { VersionConflictError } from "../errors.js";
import { EngineEvents } from "../events/events.js";
import { InMemoryQueue } from "../queue/memory-queue.js";
import type { Message } from "../queue/messages.js";
import { VirtualClock } from "../time/clock.js";
import { createTestEngine } from "../testing.js";
import { Runtime } from "./runtime.js";
import { InMemoryStageLock } from "./stage-lock.js";
import { Turn, type MessageHandler } from "./turn.js";
import { childrenOf, downstreamOf } from "./graph.js";
import { newStage } from "./planning.js";
import { setGraphIndexThreshold } from "./stage-graph.js";
import { setPositionScanLimit } from "./stage-index.js";

/** An execution in a store, a fresh queue, and a runtime over both whose handlers a test writes. */
async function setup() {
  const t = createTestEngine({ logger: { warn() {}, error() {} } });
  const e = await t.start({ application: "app", stages: [{ refId: "1", type: "wait", name: "a", waitTime: 1 }, { refId: "2", type: "wait", name: "b", waitTime: 1 }] });
  const clock = new VirtualClock();
  const queue = new InMemoryQueue({ clock });
  const events = new EngineEvents();
  const published: string[] = [];
  events.on("stage.started", (x) => published.push(x.stage.name));
  const rt = new Runtime({
    repository: t.repository,
    queue,
    clock,
    events,
    stages: new Map(),
    tasks: new Map(),
    services: {},
    evaluator: undefined as never,
    random: Math.random,
    timeZone: "UTC",
    pipelines: undefined,
    authorizeJudgment: undefined,
    logger: { warn() {}, error() {} },
    runTaskLeaseMs: 600_000,
    stageLock: new InMemoryStageLock(),
  });
  const [a, b] = e.stages;
  const msg = (kind: "StartStage" | "CompleteStage", stageId: string): Message => ({ kind, executionType: "pipeline", executionId: e.id, application: "app", stageId });
  return { t, e, queue, rt, published, a: a!, b: b!, msg };
}

/**
 * Handlers for the test: StartStage marks the stage RUNNING and asks to complete it; CompleteStage
 * marks it SUCCEEDED and queues a reminder for later, then fails if the stage is `failOn`.
 */
function handlers(failOn: string): MessageHandler {
  return async (rt, m) => {
    if (m.kind === "StartStage") {
      const session = (await rt.load((m as { executionId: string }).executionId))!;
      session.mutableStage(m.stageId).status = "RUNNING";
      await rt.commit(session);
      await rt.push({ ...m, kind: "CompleteStage" });
      return;
    }
    if (m.kind === "CompleteStage") {
      const session = (await rt.load((m as { executionId: string }).executionId))!;
      session.mutableStage(m.stageId).status = "SUCCEEDED";
      await rt.commit(session);
      await rt.push({ ...m, kind: "StartStage" }, 60_000);
      if (m.stageId === failOn) throw new Error("boom");
    }
  };
}

describe("Turn", () => {
  it("handles follow-ups of its execution in the turn and writes the execution once", async () => {
    const { t, e, queue, rt, published, a, msg } = await setup();
    let writes = 0;
    const update = t.repository.update.bind(t.repository);
    t.repository.update = (x, c) => (writes++, update(x, c));
    await new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(handlers("none"), 2);
    expect(writes).toBe(1);
    expect((await t.get(e.id))!.stages[0]!.status).toBe("SUCCEEDED");
    expect(published).toEqual(["a"]);
    // CompleteStage's delayed reminder went to the queue
    expect(await queue.messagesFor(e.id)).toEqual([msg("StartStage", a.id)]);
  });

  it("a follow-up that throws is undone and queued for its own retries; the work before it is written", async () => {
    const { t, e, queue, rt, published, a, b, msg } = await setup();
    const handle = handlers(b.id);
    const both: MessageHandler = async (rt2, m) => {
      await handle(rt2, m);
      if (m.kind === "StartStage" && m.stageId === a.id) await rt2.push(msg("StartStage", b.id));
    };
    await new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(both, 100);
    const stored = (await t.get(e.id))!;
    expect(stored.stages.map((s) => s.status)).toEqual(["SUCCEEDED", "RUNNING"]); // b's completion undone
    expect(published).toEqual(["a", "b"]);
    const queued = await queue.messagesFor(e.id);
    // a's reminder and the failed message; not the reminder the failed handler pushed
    expect(queued).toHaveLength(2);
    expect(queued).toContainEqual(msg("StartStage", a.id));
    expect(queued).toContainEqual(msg("CompleteStage", b.id));
  });

  it("a follow-up that throws after a slow task's checkpoint keeps what the checkpoint wrote", async () => {
    const { t, e, queue, rt, published, a, b, msg } = await setup();
    const handle: MessageHandler = async (rt2, m) => {
      const stageId = (m as { stageId: string }).stageId;
      if (stageId === b.id) await rt2.awaitTask(new Promise((r) => setTimeout(r, 60))); // slow: checkpoint
      const session = (await rt2.load(e.id))!;
      session.mutableStage(stageId).status = "RUNNING";
      await rt2.commit(session);
      if (stageId === a.id) await rt2.push(msg("StartStage", b.id));
      else throw new Error("boom after the checkpoint");
    };
    await new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(handle, 100);
    expect((await t.get(e.id))!.stages.map((s) => s.status)).toEqual(["RUNNING", "NOT_STARTED"]);
    expect(published).toEqual(["a"]); // b's start was undone: no event for it
    expect(await queue.messagesFor(e.id)).toEqual([msg("StartStage", b.id)]);
  });

  it("a checkpoint whose write lost a race wrote nothing: a failure after it keeps the work before it for the turn's last write", async () => {
    const { t, e, queue, rt, a, b, msg } = await setup();
    const update = t.repository.update.bind(t.repository);
    let writes = 0;
    // the checkpoint's write fails as a lost race would; the turn's last write goes through
    t.repository.update = (x, c) => (++writes === 1 ? Promise.reject(new VersionConflictError(e.id, x.version, x.version + 1)) : update(x, c));
    const handle: MessageHandler = async (rt2, m) => {
      const stageId = (m as { stageId: string }).stageId;
      const session = (await rt2.load(e.id))!;
      session.mutableStage(stageId).status = "RUNNING";
      await rt2.commit(session);
      if (stageId === a.id) await rt2.push(msg("StartStage", b.id));
      else await rt2.awaitTask(new Promise((r) => setTimeout(r, 60))); // slow: its checkpoint throws
    };
    await new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(handle, 100);
    expect(writes).toBe(2);
    // a's start (before the failed follow-up) is written; b's is undone and b's message queued
    expect((await t.get(e.id))!.stages.map((s) => s.status)).toEqual(["RUNNING", "NOT_STARTED"]);
    expect(await queue.messagesFor(e.id)).toEqual([msg("StartStage", b.id)]);
  });

  it("the polled message's own failure writes nothing", async () => {
    const { t, e, queue, rt, a, msg } = await setup();
    const before = (await t.get(e.id))!;
    const failing: MessageHandler = async (rt2, m) => {
      const session = (await rt2.load(e.id))!;
      session.mutableStage(a.id).status = "RUNNING";
      await rt2.commit(session);
      await rt2.push(msg("CompleteStage", a.id), 5_000);
      throw new Error("boom");
    };
    await expect(new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(failing, 100)).rejects.toThrow("boom");
    expect(await t.get(e.id)).toEqual(before);
    expect(await queue.size()).toBe(0);
  });

  it("what a handler changed without committing is gone when the next message is handled, and never written", async () => {
    const { t, e, rt, a, b, msg } = await setup();
    const seen: string[] = [];
    const handle: MessageHandler = async (rt2, m) => {
      const stageId = (m as { stageId: string }).stageId;
      const session = (await rt2.load(e.id))!;
      seen.push(session.execution.stages.map((s) => `${s.status}/${s.context["note"] ?? "-"}`).join(" "));
      if (stageId === a.id) {
        const s = session.mutableStage(b.id);
        s.status = "TERMINAL";
        s.context["note"] = "dropped";
        session.setExecution({ status: "CANCELED" });
        await rt2.push(msg("StartStage", b.id)); // and no commit
      }
    };
    await new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(handle, 100);
    expect(seen).toEqual(["NOT_STARTED/- NOT_STARTED/-", "NOT_STARTED/- NOT_STARTED/-"]);
    const stored = (await t.get(e.id))!;
    expect(stored.status).toBe("NOT_STARTED");
    expect(stored.stages.map((s) => s.status)).toEqual(["NOT_STARTED", "NOT_STARTED"]);
  });

  it("a second read in one handler releases the first session: its changes are undone and it cannot commit", async () => {
    const { t, e, rt, a, b, msg } = await setup();
    let error: unknown;
    const handle: MessageHandler = async (rt2) => {
      const first = (await rt2.load(e.id))!;
      first.mutableStage(a.id).status = "TERMINAL";
      first.insertStage({ ...first.stage(b.id), id: "x", refId: "x", name: "inserted" }, 0);
      const second = (await rt2.load(e.id))!;
      expect(second.execution.stages.map((s) => s.name)).toEqual(["a", "b"]);
      expect(second.stage(a.id).status).toBe("NOT_STARTED");
      second.mutableStage(b.id).status = "RUNNING";
      await rt2.commit(second);
      try {
        await rt2.commit(first);
      } catch (e2) {
        error = e2;
      }
    };
    await new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(handle, 100);
    expect(String(error)).toMatch(/released/);
    expect((await t.get(e.id))!.stages.map((s) => `${s.name}:${s.status}`)).toEqual(["a:NOT_STARTED", "b:RUNNING"]);
  });

  it("a slow task's checkpoint writes what was committed, not what the open session has changed so far", async () => {
    const { t, e, rt, a, b, msg } = await setup();
    let atCheckpoint: string[] = [];
    const handle: MessageHandler = async (rt2) => {
      const done = (await rt2.load(e.id))!;
      done.mutableStage(a.id).status = "RUNNING";
      await rt2.commit(done);
      const open = (await rt2.load(e.id))!;
      open.mutableStage(b.id).status = "TERMINAL";
      await rt2.awaitTask(new Promise((r) => setTimeout(r, 60))); // slow: the turn writes what it has
      atCheckpoint = (await t.get(e.id))!.stages.map((s) => s.status);
      await rt2.commit(open);
    };
    await new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(handle, 100);
    expect(atCheckpoint).toEqual(["RUNNING", "NOT_STARTED"]);
    expect((await t.get(e.id))!.stages.map((s) => s.status)).toEqual(["RUNNING", "TERMINAL"]);
  });

  it("each event carries the execution as it was when its change was committed", async () => {
    const { e, rt, a, b, msg } = await setup();
    const seen: string[] = [];
    rt.config.events.on("stage.started", (x) => seen.push(`${x.stage.name}: ${x.execution.stages.map((s) => s.status).join(" ")}`));
    const handle: MessageHandler = async (rt2, m) => {
      const stageId = (m as { stageId: string }).stageId;
      const session = (await rt2.load(e.id))!;
      session.mutableStage(stageId).status = "RUNNING";
      await rt2.commit(session);
      if (stageId === a.id) await rt2.push(msg("StartStage", b.id));
    };
    await new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(handle, 100);
    expect(seen).toEqual(["a: RUNNING NOT_STARTED", "b: RUNNING RUNNING"]);
  });

  it("with the stage graph indexed, a failed follow-up's inserted stage and changes are undone and the index still answers", async () => {
    const defaults = { graph: setGraphIndexThreshold(0), positions: setPositionScanLimit(-1) };
    try {
      const { t, e, rt, a, b, msg } = await setup();
      const handle: MessageHandler = async (rt2, m) => {
        const stageId = (m as { stageId: string }).stageId;
        const session = (await rt2.load(e.id))!;
        const parent = session.stage(stageId);
        session.insertStage(newStage({ type: "wait", name: `${parent.name} before`, refId: `${parent.refId}<1`, parentStageId: parent.id, syntheticStageOwner: "STAGE_BEFORE", now: 0 }), session.execution.stages.indexOf(parent));
        session.mutableStage(stageId).status = "RUNNING";
        await rt2.commit(session);
        if (stageId === a.id) await rt2.push(msg("StartStage", b.id));
        else throw new Error("boom after the commit");
      };
      await new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(handle, 100);
      const stored = (await t.get(e.id))!;
      expect(stored.stages.map((s) => `${s.name}:${s.status}`)).toEqual(["a before:NOT_STARTED", "a:RUNNING", "b:NOT_STARTED"]);
      // a later turn's sessions (indexed again) see the graph as stored
      const seen: string[] = [];
      const ask: MessageHandler = async (rt2) => {
        const session = (await rt2.load(e.id))!;
        const names = (list: { name: string }[]) => list.map((s) => s.name).join(",");
        const [sa, sb] = [session.stage(a.id), session.stage(b.id)];
        seen.push(names(childrenOf(session.execution, sa)), names(childrenOf(session.execution, sb)), names(downstreamOf(session.execution, sa)));
      };
      await new Turn(rt, e.id, { id: "2", message: msg("StartStage", a.id), attempts: 1 }).run(ask, 1);
      // b's before-stage went with its failed message; a and b are both roots (no requisites)
      expect(seen).toEqual(["a before", "", ""]);
    } finally {
      setGraphIndexThreshold(defaults.graph);
      setPositionScanLimit(defaults.positions);
    }
  });

  it("a write that finds the execution changed since the turn read it throws VersionConflictError", async () => {
    const { t, e, rt, a, msg } = await setup();
    const racing: MessageHandler = async (rt2, m) => {
      const session = (await rt2.load(e.id))!;
      session.mutableStage(a.id).status = "RUNNING";
      await rt2.commit(session);
      // someone else writes the execution meanwhile
      await t.updateStage(e.id, "b", { note: "changed" });
    };
    await expect(new Turn(rt, e.id, { id: "1", message: msg("StartStage", a.id), attempts: 1 }).run(racing, 100)).rejects.toBeInstanceOf(VersionConflictError);
    expect((await t.get(e.id))!.stages[0]!.status).toBe("NOT_STARTED");
  });
});

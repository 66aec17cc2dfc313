/**
 * The execution store contract (spec preface decisions 3 and 7, section 5): the behaviour every
 * {@link ExecutionRepository} implementation must have, as a vitest suite.
 * @module
 */
import { describe, expect, it } from "vitest";
import type { ExecutionStatus } from "../../execution/status.js";
import type { PipelineExecution } from "../../execution/types.js";
import type { ExecutionChanges, ExecutionRepository } from "../../store/repository.js";
import { executionFixture, fixtureId, messages as m, replaceStage, stageFixture } from "./fixtures.js";

/** A repository under test and how to dispose of it. */
export interface RepositoryUnderTest {
  repository: ExecutionRepository;
  /** Release whatever the repository holds (connections). Called once after each test. */
  close(): Promise<void>;
}

/** Builds a fresh, empty repository for one test, independent of every other one it built. */
export type RepositoryFactory = () => Promise<RepositoryUnderTest>;

/** Changes naming the given stages as modified, and nothing else. */
function stagesChanged(...ids: string[]): ExecutionChanges {
  return { stages: new Set(ids), removedStages: new Set(), execution: false, order: false };
}

/** Changes of top-level fields only. */
const executionChanged: ExecutionChanges = { stages: new Set(), removedStages: new Set(), execution: true, order: false };

function expectCode(code: string) {
  return expect.objectContaining({ code });
}

/**
 * Registers the execution repository contract as a vitest `describe` block named
 * `repository contract: <name>`.
 *
 * The suite treats executions the way the engine does: it never mutates a stage object it got from
 * the repository (it replaces stages with modified copies), and it tells `update` exactly what it
 * changed. Stores may rely on both.
 *
 * @param name shown in the test report, e.g. `"InMemoryExecutionRepository"`.
 * @param factory builds a fresh, empty repository per test.
 */
export function repositoryContract(name: string, factory: RepositoryFactory): void {
  describe(`repository contract: ${name}`, () => {
    async function withRepository(body: (repository: ExecutionRepository) => Promise<void>): Promise<void> {
      const { repository, close } = await factory();
      try {
        await body(repository);
      } finally {
        await close();
      }
    }

    describe("create and retrieve", () => {
      it("round-trips an execution with version 1", () =>
        withRepository(async (repo) => {
          const execution = executionFixture({ correlationId: "corr-1" });
          const created = await repo.create(execution);
          expect(created).toEqual({ ...execution, version: 1 });
          expect(await repo.retrieve(execution.id)).toEqual({ ...execution, version: 1 });
        }));

      it("returns undefined for an unknown id", () =>
        withRepository(async (repo) => {
          await repo.create(executionFixture());
          expect(await repo.retrieve("01JGX3M2Q0UNKNOWN0000000000")).toBeUndefined();
        }));

      it("refuses an id that is taken, with code EXECUTION_EXISTS, and keeps the first", () =>
        withRepository(async (repo) => {
          const first = executionFixture({ name: "first" });
          await repo.create(first);
          await expect(repo.create({ ...first, name: "second", stages: [] })).rejects.toEqual(expectCode("EXECUTION_EXISTS"));
          expect(await repo.retrieve(first.id)).toEqual({ ...first, version: 1 });
        }));

      it("preserves key order and awkward JSON values exactly", () =>
        withRepository(async (repo) => {
          const base = executionFixture();
          const execution: PipelineExecution = {
            ...base,
            trigger: { ...base.trigger, parameters: { zeta: "z", alpha: "a", "key with spaces": "ok", "": "empty key", "$.x": 1 } },
            stages: [
              stageFixture({
                refId: "9",
                context: {
                  z: 1,
                  a: { y: [3, 2, 1], b: null, c: true },
                  nul: "before\u0000after",
                  unicode: "naïve café 日本語 🚀 \u2028 \t\n\r\\\"",
                  numbers: [0, -1, 1.5, 1e21, 2 ** 53 - 1, -2.5e-8],
                  empty: {},
                  emptyList: [],
                },
              }),
            ],
          };
          await repo.create(execution);
          const got = await repo.retrieve(execution.id);
          expect(JSON.stringify(got)).toBe(JSON.stringify({ ...execution, version: 1 }));
        }));

      it("round-trips executions with hundreds of stages in their order (not sorted by id)", () =>
        withRepository(async (repo) => {
          const ids = Array.from({ length: 300 }, () => fixtureId());
          // a scrambled but deterministic order
          const order = ids.map((id, i) => ({ id, k: (i * 7919) % 300 })).sort((a, b) => a.k - b.k);
          const execution = executionFixture({
            stages: order.map(({ id }, i) => stageFixture({ id, refId: String(i + 1), requisiteStageRefIds: i === 0 ? [] : [String(i)] })),
          });
          await repo.create(execution);
          const got = await repo.retrieve(execution.id);
          expect(got?.stages.map((s) => s.id)).toEqual(order.map((o) => o.id));
          expect(got).toEqual({ ...execution, version: 1 });
        }));

      it("keeps its own copy of what it was given", () =>
        withRepository(async (repo) => {
          const execution = executionFixture();
          const expected = structuredClone({ ...execution, version: 1 });
          await repo.create(execution);
          execution.status = "TERMINAL";
          execution.trigger.parameters.region = "mutated";
          execution.stages[0]!.context.waitTime = 999;
          execution.stages.pop();
          expect(await repo.retrieve(execution.id)).toEqual(expected);
        }));

      it("hands out executions whose top-level fields and stage list the caller may change freely", () =>
        withRepository(async (repo) => {
          const execution = executionFixture();
          await repo.create(execution);
          const read = (await repo.retrieve(execution.id))!;
          read.status = "CANCELED";
          read.canceled = true;
          read.stages.pop();
          read.stages.reverse();
          const listed = await repo.list();
          listed[0]!.status = "TERMINAL";
          listed[0]!.stages.length = 0;
          expect(await repo.retrieve(execution.id)).toEqual({ ...execution, version: 1 });
        }));
    });

    describe("update", () => {
      it("writes when the version matches and returns the execution with version + 1", () =>
        withRepository(async (repo) => {
          const created = await repo.create(executionFixture());
          const stage = created.stages[1]!;
          const next: PipelineExecution = {
            ...replaceStage(created, stage.id, {
              status: "SUCCEEDED",
              endTime: created.buildTime + 90_000,
              outputs: { imageId: "sha256:1f2e", deploymentDetails: [{ ami: "ami-1", region: "eu-west-1" }] },
              tasks: stage.tasks.map((t) => ({ ...t, status: "SUCCEEDED" as ExecutionStatus })),
            }),
            status: "RUNNING",
            description: "now with a description",
          };
          const updated = await repo.update(next, { ...stagesChanged(stage.id), execution: true });
          expect(updated.version).toBe(2);
          expect(updated).toEqual({ ...next, version: 2 });
          expect(await repo.retrieve(created.id)).toEqual({ ...next, version: 2 });
        }));

      it("increments the version on every write", () =>
        withRepository(async (repo) => {
          let current = await repo.create(executionFixture());
          for (let i = 0; i < 5; i++) {
            current = await repo.update({ ...current, description: `write ${i}` }, executionChanged);
            expect(current.version).toBe(i + 2);
          }
          expect((await repo.retrieve(current.id))?.version).toBe(6);
          expect((await repo.retrieve(current.id))?.description).toBe("write 4");
        }));

      it("persists stage-only changes without touching other stages or top-level fields", () =>
        withRepository(async (repo) => {
          const created = await repo.create(executionFixture());
          const target = created.stages[3]!;
          const next = replaceStage(created, target.id, { status: "RUNNING", context: { ...target.context, judgedBy: "bob" } });
          await repo.update(next, stagesChanged(target.id));
          const got = await repo.retrieve(created.id);
          expect(got).toEqual({ ...next, version: 2 });
          expect(got?.stages.slice(0, 3)).toEqual(created.stages.slice(0, 3));
        }));

      it("persists top-level-only changes", () =>
        withRepository(async (repo) => {
          const created = await repo.create(executionFixture());
          const next: PipelineExecution = {
            ...created,
            status: "CANCELED",
            canceled: true,
            canceledBy: "bob",
            cancellationReason: "wrong build",
            endTime: created.buildTime + 120_000,
            paused: { pausedBy: "bob", pauseTime: created.buildTime + 60_000, resumedBy: null, resumeTime: null },
            trigger: { ...created.trigger, parameters: { ...created.trigger.parameters, replicas: 7 } },
          };
          await repo.update(next, executionChanged);
          expect(await repo.retrieve(created.id)).toEqual({ ...next, version: 2 });
        }));

      it("rejects a stale version with VERSION_CONFLICT and writes nothing", () =>
        withRepository(async (repo) => {
          const created = await repo.create(executionFixture());
          const stageId = created.stages[1]!.id;
          const winner = await repo.update(replaceStage({ ...created, status: "SUCCEEDED" }, stageId, { status: "SUCCEEDED" }), {
            ...stagesChanged(stageId),
            execution: true,
          });
          const stale: PipelineExecution = {
            ...replaceStage({ ...created, status: "TERMINAL" }, stageId, { status: "TERMINAL" }),
            stages: [...replaceStage(created, stageId, { status: "TERMINAL" }).stages, stageFixture({ refId: "99" })],
          };
          const staleChanges: ExecutionChanges = {
            stages: new Set([stageId, stale.stages.at(-1)!.id]),
            removedStages: new Set(),
            execution: true,
            order: true,
          };
          await expect(repo.update(stale, staleChanges)).rejects.toEqual(expectCode("VERSION_CONFLICT"));
          await expect(repo.update({ ...stale, version: 7 }, staleChanges)).rejects.toEqual(expectCode("VERSION_CONFLICT"));
          expect(await repo.retrieve(created.id)).toEqual(winner);
          expect(winner.version).toBe(2);
        }));

      it("lets exactly one of several concurrent updates from the same read win", () =>
        withRepository(async (repo) => {
          const created = await repo.create(executionFixture());
          const read = (await repo.retrieve(created.id))!;
          const attempts = read.stages.flatMap((stage, i) =>
            [0, 1].map((k) => ({
              execution: { ...replaceStage(read, stage.id, { context: { ...stage.context, writer: `${i}-${k}` } }), description: `writer ${i}-${k}` },
              changes: { ...stagesChanged(stage.id), execution: true },
            })),
          );
          const results = await Promise.allSettled(attempts.map((a) => repo.update(a.execution, a.changes)));
          const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
          expect(won).toHaveLength(1);
          for (const r of results) if (r.status === "rejected") expect(r.reason).toEqual(expectCode("VERSION_CONFLICT"));
          const winner = attempts[won[0]!]!.execution;
          expect(await repo.retrieve(created.id)).toEqual({ ...winner, version: 2 });
        }));

      it("rejects an update of an unknown execution with EXECUTION_NOT_FOUND", () =>
        withRepository(async (repo) => {
          const execution = { ...executionFixture(), version: 1 };
          await expect(repo.update(execution, { ...stagesChanged(...execution.stages.map((s) => s.id)), execution: true, order: true })).rejects.toEqual(
            expectCode("EXECUTION_NOT_FOUND"),
          );
          expect(await repo.retrieve(execution.id)).toBeUndefined();
        }));

      it("inserts stages where the execution has them and keeps the order", () =>
        withRepository(async (repo) => {
          const created = await repo.create(executionFixture());
          const parent = created.stages[3]!;
          const before1 = stageFixture({ refId: "3<1", type: "checkPreconditions", parentStageId: parent.id, syntheticStageOwner: "STAGE_BEFORE" });
          const before2 = stageFixture({ refId: "3<2", type: "evaluateVariables", parentStageId: parent.id, syntheticStageOwner: "STAGE_BEFORE", requisiteStageRefIds: ["3<1"] });
          const after = stageFixture({ refId: "3>1", type: "wait", parentStageId: parent.id, syntheticStageOwner: "STAGE_AFTER" });
          const next: PipelineExecution = { ...created, stages: [...created.stages.slice(0, 3), before1, before2, created.stages[3]!, after] };
          const updated = await repo.update(next, { stages: new Set([before1.id, before2.id, after.id]), removedStages: new Set(), execution: false, order: true });
          expect(updated.stages.map((s) => s.refId)).toEqual(["1", "2<1", "2", "3<1", "3<2", "3", "3>1"]);
          expect(await repo.retrieve(created.id)).toEqual({ ...next, version: 2 });
        }));

      it("removes stages and keeps the order of the rest", () =>
        withRepository(async (repo) => {
          const created = await repo.create(executionFixture());
          const removed = created.stages[1]!;
          const kept = created.stages.filter((s) => s.id !== removed.id);
          const next: PipelineExecution = { ...created, stages: kept };
          await repo.update(next, { stages: new Set(), removedStages: new Set([removed.id]), execution: false, order: true });
          const got = await repo.retrieve(created.id);
          expect(got?.stages.map((s) => s.refId)).toEqual(["1", "2", "3"]);
          expect(got).toEqual({ ...next, version: 2 });
        }));

      it("applies an insert, a removal and a modification in one write", () =>
        withRepository(async (repo) => {
          const created = await repo.create(executionFixture());
          const s0 = created.stages[0]!;
          const s1 = created.stages[1]!;
          const s2 = created.stages[2]!;
          const s3 = created.stages[3]!;
          const inserted = stageFixture({ refId: "0", type: "evaluateVariables" });
          const next: PipelineExecution = {
            ...created,
            status: "PAUSED",
            stages: [inserted, { ...s2, status: "PAUSED" }, s0, s3],
          };
          const first = await repo.update(next, {
            stages: new Set([inserted.id, s2.id]),
            removedStages: new Set([s1.id]),
            execution: true,
            order: true,
          });
          expect(await repo.retrieve(created.id)).toEqual({ ...next, version: 2 });
          // and again on top of that: re-add a stage with the id that was removed
          const readded = { ...s1, status: "SKIPPED" as ExecutionStatus };
          const again: PipelineExecution = { ...first, stages: [...first.stages, readded] };
          await repo.update(again, { ...stagesChanged(readded.id), order: true });
          expect(await repo.retrieve(created.id)).toEqual({ ...again, version: 3 });
        }));

      it("hands back an updated execution the caller may change freely at the top level", () =>
        withRepository(async (repo) => {
          const created = await repo.create(executionFixture());
          const updated = await repo.update({ ...created, status: "SUCCEEDED" }, executionChanged);
          const snapshot = structuredClone(updated);
          updated.status = "TERMINAL";
          updated.stages.splice(0, 2);
          expect(await repo.retrieve(created.id)).toEqual(snapshot);
        }));
    });

    describe("list", () => {
      const T = Date.UTC(2026, 2, 1);
      async function seed(repo: ExecutionRepository): Promise<PipelineExecution[]> {
        const rows: Array<[app: string, config: string | null, status: ExecutionStatus, buildOffset: number, correlation?: string]> = [
          ["payments", "cfg-deploy", "SUCCEEDED", 1_000],
          ["payments", "cfg-deploy", "TERMINAL", 2_000, "corr-a"],
          ["payments", "cfg-deploy", "RUNNING", 3_000],
          ["payments", "cfg-canary", "NOT_STARTED", 4_000, "corr-b"],
          ["payments", null, "SUCCEEDED", 5_000],
          ["checkout", "cfg-checkout", "RUNNING", 1_500, "corr-a"],
          ["checkout", "cfg-checkout", "CANCELED", 2_500],
          ["checkout", null, "RUNNING", 6_000],
        ];
        const out: PipelineExecution[] = [];
        for (const [application, pipelineConfigId, status, offset, correlationId] of rows) {
          const execution = executionFixture({
            application,
            pipelineConfigId,
            status,
            buildTime: T + offset,
            type: pipelineConfigId === null ? "orchestration" : "pipeline",
            ...(correlationId ? { correlationId } : {}),
          });
          out.push(await repo.create(execution));
        }
        return out;
      }
      const offsets = (list: PipelineExecution[]) => list.map((e) => e.buildTime - T);

      it("lists everything newest first, with full stages", () =>
        withRepository(async (repo) => {
          const all = await seed(repo);
          const listed = await repo.list();
          expect(offsets(listed)).toEqual([6_000, 5_000, 4_000, 3_000, 2_500, 2_000, 1_500, 1_000]);
          for (const e of listed) expect(e).toEqual(all.find((x) => x.id === e.id));
        }));

      it("filters by application, pipeline config, statuses and correlation id", () =>
        withRepository(async (repo) => {
          await seed(repo);
          expect(offsets(await repo.list({ application: "checkout" }))).toEqual([6_000, 2_500, 1_500]);
          expect(offsets(await repo.list({ pipelineConfigId: "cfg-deploy" }))).toEqual([3_000, 2_000, 1_000]);
          expect(offsets(await repo.list({ statuses: ["RUNNING", "NOT_STARTED"] }))).toEqual([6_000, 4_000, 3_000, 1_500]);
          expect(offsets(await repo.list({ statuses: [] }))).toEqual([]);
          expect(offsets(await repo.list({ correlationId: "corr-a" }))).toEqual([2_000, 1_500]);
          expect(offsets(await repo.list({ application: "payments", statuses: ["SUCCEEDED"] }))).toEqual([5_000, 1_000]);
          expect(await repo.list({ application: "nobody" })).toEqual([]);
        }));

      it("filters by build time (from inclusive, to exclusive) and limits", () =>
        withRepository(async (repo) => {
          await seed(repo);
          expect(offsets(await repo.list({ buildTimeFrom: T + 2_000, buildTimeTo: T + 4_000 }))).toEqual([3_000, 2_500, 2_000]);
          expect(offsets(await repo.list({ buildTimeFrom: T + 5_000 }))).toEqual([6_000, 5_000]);
          expect(offsets(await repo.list({ buildTimeTo: T + 1_500 }))).toEqual([1_000]);
          expect(offsets(await repo.list({ limit: 3 }))).toEqual([6_000, 5_000, 4_000]);
          expect(offsets(await repo.list({ application: "payments", limit: 2 }))).toEqual([5_000, 4_000]);
          expect(offsets(await repo.list({ pipelineConfigId: "cfg-deploy", buildTimeTo: T + 3_000, limit: 1 }))).toEqual([2_000]);
          expect(await repo.list({ limit: 0 })).toEqual([]);
        }));

      it("sees updates (status moves between filters)", () =>
        withRepository(async (repo) => {
          const all = await seed(repo);
          const running = all.find((e) => e.buildTime === T + 3_000)!;
          await repo.update({ ...running, status: "SUCCEEDED", endTime: T + 9_000 }, executionChanged);
          expect(offsets(await repo.list({ pipelineConfigId: "cfg-deploy", statuses: ["RUNNING"] }))).toEqual([]);
          expect(offsets(await repo.list({ pipelineConfigId: "cfg-deploy", statuses: ["SUCCEEDED"] }))).toEqual([3_000, 1_000]);
        }));
    });

    describe("delete", () => {
      it("deletes an execution and its stages, once", () =>
        withRepository(async (repo) => {
          const a = await repo.create(executionFixture());
          const b = await repo.create(executionFixture());
          expect(await repo.delete(a.id)).toBe(true);
          expect(await repo.retrieve(a.id)).toBeUndefined();
          expect((await repo.list()).map((e) => e.id)).toEqual([b.id]);
          expect(await repo.delete(a.id)).toBe(false);
          expect(await repo.retrieve(b.id)).toEqual(b);
          // the id can be used again
          const again = executionFixture({ id: a.id, stages: [stageFixture({ id: a.stages[0]!.id })] });
          expect((await repo.create(again)).version).toBe(1);
          expect(await repo.retrieve(a.id)).toEqual({ ...again, version: 1 });
        }));
    });

    describe("pending executions", () => {
      it("keeps waiting messages per pipeline config, oldest first", () =>
        withRepository(async (repo) => {
          expect(await repo.pending("cfg-1")).toEqual([]);
          await repo.pushPending("cfg-1", m.startExecution("e1"));
          await repo.pushPending("cfg-2", m.startExecution("e9"));
          await repo.pushPending("cfg-1", m.startExecution("e2"));
          await repo.pushPending("cfg-1", m.startExecution("e3"));
          expect(await repo.pending("cfg-1")).toEqual([m.startExecution("e1"), m.startExecution("e2"), m.startExecution("e3")]);
          expect(await repo.pending("cfg-1")).toHaveLength(3);
          expect(await repo.pending("cfg-2")).toEqual([m.startExecution("e9")]);
        }));

      it("pops the oldest or the newest", () =>
        withRepository(async (repo) => {
          for (const id of ["e1", "e2", "e3", "e4"]) await repo.pushPending("cfg-1", m.startExecution(id));
          expect(await repo.popPending("cfg-1", "oldest")).toEqual(m.startExecution("e1"));
          expect(await repo.popPending("cfg-1", "newest")).toEqual(m.startExecution("e4"));
          expect(await repo.pending("cfg-1")).toEqual([m.startExecution("e2"), m.startExecution("e3")]);
          expect(await repo.popPending("cfg-1", "newest")).toEqual(m.startExecution("e3"));
          expect(await repo.popPending("cfg-1", "oldest")).toEqual(m.startExecution("e2"));
          expect(await repo.popPending("cfg-1", "oldest")).toBeUndefined();
          expect(await repo.popPending("cfg-nothing", "newest")).toBeUndefined();
        }));

      it("purges every waiting message of one config, oldest first", () =>
        withRepository(async (repo) => {
          await repo.pushPending("cfg-1", m.startExecution("e1"));
          await repo.pushPending("cfg-1", { kind: "RestartStage", executionType: "pipeline", executionId: "e0", application: "payments", stageId: "s1", user: null });
          await repo.pushPending("cfg-2", m.startExecution("e9"));
          expect(await repo.purgePending("cfg-1")).toEqual([
            m.startExecution("e1"),
            { kind: "RestartStage", executionType: "pipeline", executionId: "e0", application: "payments", stageId: "s1", user: null },
          ]);
          expect(await repo.pending("cfg-1")).toEqual([]);
          expect(await repo.purgePending("cfg-1")).toEqual([]);
          expect(await repo.pending("cfg-2")).toEqual([m.startExecution("e9")]);
        }));

      it("hands each waiting message to only one of several concurrent pops", () =>
        withRepository(async (repo) => {
          for (let i = 0; i < 5; i++) await repo.pushPending("cfg-1", m.startExecution(`e${i}`));
          const popped = await Promise.all(Array.from({ length: 10 }, (_, i) => repo.popPending("cfg-1", i % 2 ? "oldest" : "newest")));
          const got = popped.filter((x) => x !== undefined).map((x) => (x as { executionId: string }).executionId);
          expect(got.sort()).toEqual(["e0", "e1", "e2", "e3", "e4"]);
          expect(await repo.pending("cfg-1")).toEqual([]);
        }));
    });
  });
}

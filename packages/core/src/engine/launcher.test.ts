import { describe, expect, it, vi } from "vitest";
import { defineStage } from "../spi/stage-definition.js";
import { defineTask } from "../spi/task.js";
import { InMemoryExecutionRepository } from "../store/memory-repository.js";
import type { ExecutionRepository } from "../store/repository.js";
import { VirtualClock } from "../time/clock.js";
import { parseNormalizedPipelineConfig } from "../model/parse-normalized.js";
import { createEngine } from "./engine.js";
import type { StartOptions } from "./launcher.js";

const noop = defineTask({ type: "test.noop", execute: () => ({ status: "SUCCEEDED" }) });
const stage = defineStage({ type: "noop", tasks: [noop], taskGraph: (_s, g) => void g.task("noop", noop) });

function pipeline(): Record<string, unknown> {
  return {
    application: "app",
    name: "p",
    "x-meta": { owner: "me", tags: ["a"] },
    parameterConfig: [{ name: "region", default: { zone: "eu" } }],
    notifications: [{ type: "email", when: ["pipeline.failed"], message: { text: "x" } }],
    stages: [
      { refId: "1", type: "noop", settings: { deep: { list: [1, { n: 2 }] } } },
      { refId: "2", type: "noop", requisiteStageRefIds: ["1"], notifications: [{ type: "slack", when: ["stage.failed"] }] },
    ],
  };
}

function startOptions(): StartOptions {
  return {
    trigger: { type: "webhook", payload: { commit: { sha: "abc" } }, artifacts: [{ type: "docker/image" }], parameters: { a: { b: 1 } } },
    parameters: { c: [{ d: 1 }] },
    user: "anna",
  };
}

/** Changes every object reachable from `value` in place (arrays grow, objects get a new key and lose their first). */
function scribble(value: unknown): void {
  if (value === null || typeof value !== "object") return;
  const children = Object.values(value);
  if (Array.isArray(value)) value.push("scribbled");
  else {
    const first = Object.keys(value)[0];
    if (first !== undefined) delete (value as Record<string, unknown>)[first];
    (value as Record<string, unknown>)["scribbled"] = true;
  }
  for (const child of children) scribble(child);
}

function expectDeepFrozen(value: unknown, path = "$"): void {
  if (value === null || typeof value !== "object") return;
  expect(Object.isFrozen(value), path).toBe(true);
  for (const [k, v] of Object.entries(value)) expectDeepFrozen(v, `${path}.${k}`);
}

async function startAndScribble(repository: ExecutionRepository, input: Record<string, unknown>, options: StartOptions) {
  const engine = createEngine({ clock: new VirtualClock(), stages: [stage], repository });
  const started = await engine.start(input, options);
  const asStarted = JSON.stringify(started);
  expect(Object.isFrozen(input["stages"])).toBe(false); // the caller's objects are left alone
  scribble(input);
  scribble(options);
  const stored = (await engine.get(started.id))!;
  expect(JSON.stringify(stored)).toBe(asStarted);
  expect(JSON.stringify(started)).toBe(asStarted);
  return stored;
}

describe("launch", () => {
  it("stores an execution that shares no object with the pipeline, trigger or parameters given", async () => {
    const stored = await startAndScribble(new InMemoryExecutionRepository(), pipeline(), startOptions());
    expect(stored.stages[0]!.context["settings"]).toEqual({ deep: { list: [1, { n: 2 }] } });
    expect(stored.trigger.parameters).toEqual({ a: { b: 1 }, c: [{ d: 1 }], region: { zone: "eu" } });
    expect(stored.trigger["payload"]).toEqual({ commit: { sha: "abc" } });
    const withoutOptions = await startAndScribble(new InMemoryExecutionRepository(), pipeline(), {});
    expect(withoutOptions.trigger.parameters).toEqual({ region: { zone: "eu" } }); // a copy of the config's default
    const withDate = { ...pipeline(), createdAt: new Date(0) }; // the full validation path
    expect((await startAndScribble(new InMemoryExecutionRepository(), withDate, {})).trigger.parameters).toEqual({ region: { zone: "eu" } });
  });

  it("also when the config takes the full validation path, has expressions, or the repository is not the plain in-memory one", async () => {
    const withDate = { ...pipeline(), createdAt: new Date(0) };
    await startAndScribble(new InMemoryExecutionRepository(), withDate, startOptions());
    const withExpression = pipeline();
    (withExpression["stages"] as Record<string, unknown>[])[0]!["sha"] = "${trigger.payload.commit.sha}";
    const stored = await startAndScribble(new InMemoryExecutionRepository(), withExpression, startOptions());
    expect(stored.stages[0]!.context["sha"]).toBe("abc");
    class Subclass extends InMemoryExecutionRepository {
      override create(execution: Parameters<InMemoryExecutionRepository["create"]>[0]) {
        return super.create(execution);
      }
    }
    await startAndScribble(new Subclass(), pipeline(), startOptions());
  });

  it("keeps stored state deep-frozen", async () => {
    const repository = new InMemoryExecutionRepository();
    const engine = createEngine({ clock: new VirtualClock(), stages: [stage], repository });
    const started = await engine.start(pipeline(), startOptions());
    for (const e of [started, (await engine.get(started.id))!]) {
      e.stages.forEach((s, i) => expectDeepFrozen(s, `stages[${i}]`)); // the array itself is each reader's copy
      expectDeepFrozen(e.trigger, "trigger");
      expectDeepFrozen(e.notifications, "notifications");
      expectDeepFrozen(e.authentication, "authentication");
      expectDeepFrozen(e.initialConfig, "initialConfig");
    }
  });

  it("makes the same trigger from no trigger as from an empty one", async () => {
    const cases: StartOptions[] = [{}, { user: "anna" }, { parameters: { a: 1, region: "us" } }, { user: "bob", parameters: { b: [1] } }, { parameters: undefined }];
    for (const options of cases) {
      const engine = createEngine({ clock: new VirtualClock(), stages: [stage] });
      const without = await engine.start(pipeline(), options);
      const withEmpty = await engine.start(pipeline(), { ...options, trigger: {} });
      expect(JSON.stringify(without.trigger)).toBe(JSON.stringify(withEmpty.trigger)); // key order too
      expect(without.trigger.user).toBe(options.user ?? "[anonymous]");
      expect(without.trigger.parameters["region"]).toEqual((options.parameters?.["region"] as unknown) ?? { zone: "eu" });
    }
  });

  it("copies a stage's normalised config but refId, requisites and startTimeExpiry into its context, also while Object.prototype has an enumerable property", async () => {
    const engine = createEngine({ clock: new VirtualClock(), stages: [stage] });
    const input = () => {
      const p = pipeline();
      (p["stages"] as Record<string, unknown>[])[0]!["startTimeExpiry"] = 2e12;
      return p;
    };
    const contexts = () =>
      parseNormalizedPipelineConfig(input()).stages.map((s) => {
        const context: Record<string, unknown> = { ...s };
        for (const key of ["refId", "requisiteStageRefIds", "startTimeExpiry"]) delete context[key];
        return context;
      });
    const plain = await engine.start(input());
    expect(plain.stages[0]!.startTimeExpiry).toBe(2e12);
    expect(plain.stages.map((s) => s.context)).toEqual(contexts());
    expect(plain.stages.map((s) => Object.keys(s.context))).toEqual([
      ["type", "settings", "name"],
      ["type", "notifications", "name"],
    ]);
    Object.defineProperty(Object.prototype, "polluted", { value: 1, enumerable: true, writable: true, configurable: true });
    try {
      // (the full validation path, taken then, copies inherited fields into the config)
      const polluted = await engine.start(input());
      const expected = contexts();
      expect(polluted.stages.map((s) => Object.keys(s.context))).toEqual(expected.map((c) => Object.keys(c)));
      expect(polluted.stages.map((s) => Object.entries(s.context))).toEqual(expected.map((c) => Object.entries(c)));
    } finally {
      delete (Object.prototype as Record<string, unknown>)["polluted"];
    }
  });

  it("calls a replaced create of an in-memory repository", async () => {
    const repository = new InMemoryExecutionRepository();
    const create = vi.spyOn(repository, "create");
    const engine = createEngine({ clock: new VirtualClock(), stages: [stage], repository });
    const started = await engine.start(pipeline());
    expect(create).toHaveBeenCalledOnce();
    expect(await engine.get(started.id)).toEqual(started);
  });
});

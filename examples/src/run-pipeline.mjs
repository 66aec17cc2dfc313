// A Spinnaker pipeline JSON run end to end on Gennaker's engine, in virtual time: parameters,
// evaluateVariables, a precondition, two regions deployed in parallel and joined, a 2-hour soak,
// a manual judgment decided by this script, and stages switched by stageEnabled. The two hours
// (and the rest) take a few milliseconds of real time.
//
// The same run from the command line:
//   npx gennaker run examples/pipelines/deploy-like.json --virtual-time --param env=prod \
//     --judge "Approve promotion=continue:promote"
import { readFile } from "node:fs/promises";
import { createTestEngine } from "@gennaker/core/testing";

const pipeline = JSON.parse(await readFile(new URL("../pipelines/deploy-like.json", import.meta.url), "utf8"));

// An in-memory engine on a virtual clock that starts at a fixed instant.
const engine = createTestEngine({ start: new Date("2026-03-02T09:00:00Z") });

const clock = (ms) => new Date(ms).toISOString().slice(11, 19);
const duration = (ms) => {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s` : `${s}s`;
};

// Engine events, as a host would feed them to its UI or audit log.
engine.events.on("stage.complete", ({ stage }) => {
  if (stage.parentStageId === null) console.log(`${clock(engine.clock.now())}  ${stage.name.padEnd(18)} ${stage.status}`);
});

const started = await engine.start(pipeline, { parameters: { env: "prod", version: "1.4.2" }, user: "alice" });
console.log(`${clock(engine.clock.now())}  started "${started.name}" with parameters ${JSON.stringify(started.trigger.parameters)}`);

// Run until the manual judgment waits for a person, then judge it as one would in a UI.
const awaitingJudgment = async () =>
  (await engine.get(started.id)).stages.some((s) => s.name === "Approve promotion" && s.status === "RUNNING");
await engine.runUntil(awaitingJudgment);
const waiting = (await engine.get(started.id)).stages.find((s) => s.name === "Approve promotion");
console.log(`${clock(engine.clock.now())}  Approve promotion  waiting: "${waiting.context.instructions}" -> alice: continue, promote`);
await engine.judge(started.id, "Approve promotion", { judgmentStatus: "continue", judgmentInput: "promote", user: "alice" });

const done = await engine.runToCompletion(started.id);

// The stage tree: synthetic stages (the precondition check) nested under their parent.
console.log("\nstage                                 type                status       took");
const tree = (parentId, depth) => {
  for (const s of done.stages.filter((x) => x.parentStageId === parentId)) {
    const took = s.startTime === null ? "" : duration(s.endTime - s.startTime);
    console.log((`${"  ".repeat(depth)}${s.name}`.padEnd(38) + `${s.type.padEnd(20)}${s.status.padEnd(13)}${took}`).trimEnd());
    tree(s.id, depth + 1);
  }
};
tree(null, 0);

const promote = done.stages.find((s) => s.name === "Promote");
console.log(`\n${done.status} in ${duration(done.endTime - done.startTime)} of virtual time`);
console.log(`Promote outputs: ${JSON.stringify(promote.outputs)}`);

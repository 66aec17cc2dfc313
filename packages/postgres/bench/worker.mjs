// A benchmark worker process (on dist): an engine on PostgreSQL with the bench stage types, run
// with `concurrency` loops. Reports to its parent (IPC) every 250 ms: task runs, task completions,
// and the statements it sent, by statement. Configured by $GENNAKER_BENCH_WORKER (JSON).
import pg from "pg";
const { createPostgresEngine } = await import(process.env.GENNAKER_BENCH_DIST ?? new URL("../dist/index.js", import.meta.url).href);
import { benchStages } from "./stages.mjs";

const config = JSON.parse(process.env.GENNAKER_BENCH_WORKER ?? "{}");
const pool = new pg.Pool({ connectionString: config.connectionString, max: config.poolSize ?? config.concurrency + 2, application_name: "gennaker-bench" });
pool.on("error", () => undefined);

// count statements by name (prepared statements) or first words
const statements = new Map();
const query = pool.query.bind(pool);
pool.query = (...args) => {
  const q = args[0];
  const key = typeof q === "string" ? q.trim().split(/\s+/).slice(0, 3).join(" ") : (q.name ?? q.text.trim().split(/\s+/).slice(0, 3).join(" "));
  statements.set(key, (statements.get(key) ?? 0) + 1);
  const t = performance.now();
  const p = query(...args);
  if (p && typeof p.then === "function") p.then(() => latency.set(key, (latency.get(key) ?? 0) + performance.now() - t), () => undefined);
  return p;
};
const latency = new Map();

const counters = { runs: 0, completions: 0 };
const engine = createPostgresEngine({
  pool,
  schema: config.schema,
  stages: benchStages,
  ...(config.messagesPerTurn ? { messagesPerTurn: config.messagesPerTurn } : {}),
  services: { counters },
  logger: { warn: () => undefined, error: (m, d) => process.stderr.write(`${m} ${JSON.stringify(d ?? {})}\n`) },
  ...(process.env.BENCH_NOTIFY === "0" ? { notify: false } : {}),
});
let conflicts = 0;
const update = engine.repository.update.bind(engine.repository);
engine.repository.update = async (...args) => {
  try {
    return await update(...args);
  } catch (error) {
    if (error?.code === "VERSION_CONFLICT") conflicts++;
    throw error;
  }
};
await engine.ready();
engine.startWorker({ concurrency: config.concurrency ?? 8, maxIdleMs: 100 });
const report = () => process.send?.({ type: "stats", ...counters, conflicts: conflicts, statements: Object.fromEntries(statements), latency: Object.fromEntries(latency) });
const timer = setInterval(report, 250);
process.send?.({ type: "ready" });
process.on("message", async (m) => {
  if (m?.type !== "stop") return;
  clearInterval(timer);
  await engine.close();
  report();
  await pool.end();
  process.disconnect?.();
});

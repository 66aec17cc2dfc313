/**
 * `runCli(argv, io)`: the whole `gennaker` command line as a function, so it can be tested (and
 * embedded) without spawning a process. `src/cli.ts` only wires it to the real process.
 * @module
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createEngine, type Engine } from "../engine/engine.js";
import { PipelineValidationError, type ValidationProblem } from "../errors.js";
import { isComplete } from "../execution/status.js";
import type { PipelineExecution } from "../execution/types.js";
import { pipelineJsonSchema } from "../model/json-schema.js";
import { TriggerSchema } from "../model/pipeline-config.js";
import { validatePipelineConfig } from "../model/validate.js";
import { formatJsonPath } from "../model/json-path.js";
import { problemsFromZodIssues } from "../model/zod-problems.js";
import type { StageDefinition } from "../spi/stage-definition.js";
import { builtinStages } from "../stages/index.js";
import { createTestEngine } from "../testing.js";
import { parseCliArgs, usage, UsageError, type RunCommand, type ValidateCommand } from "./args.js";
import { LogDisplay, TreeDisplay, type Display, type TextSink } from "./display.js";
import { formatDuration } from "./format.js";
import { codeFrame, locate, parseJsonPath, parseJsonText, type TextPosition } from "./json-text.js";
import { CLI_USER, JudgmentDesk } from "./judgments.js";
import { LineReader } from "./line-reader.js";
import { openStoreEngine, runStoreWorker, StoreError } from "./store.js";

/** The process surface the CLI uses; tests pass strings collectors and streams. */
export interface CliIo {
  /** Final results: `--json` output, the schema, `validate` verdicts. */
  stdout: TextSink;
  /** Progress, prompts, problems. */
  stderr: TextSink;
  /** Answers to manual judgment prompts (read only when stdin is a terminal). */
  stdin?: NodeJS.ReadableStream;
  /**
   * Whether stdout / stdin are terminals: `true` for both, or per stream. A terminal stdout gets
   * the live stage tree (on stderr); a terminal stdin is asked manual judgments. Default: neither.
   */
  isTTY?: boolean | { stdout?: boolean; stdin?: boolean };
  /** Terminal width for the live tree (default 120). */
  columns?: number;
  /** Environment (`NO_COLOR` turns colours off). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Aborting cancels the running execution (Ctrl-C); the CLI then waits for it to end. */
  signal?: AbortSignal;
  /** Directory relative paths are resolved against (default `process.cwd()`). */
  cwd?: string;
}

/** Options of {@link runCli} for hosts building their own CLI. */
export interface CliOptions {
  /** Extra stage types (plugins), as for `createEngine({ stages })`. */
  stages?: readonly StageDefinition[];
}

/** Exit codes: 0 the execution SUCCEEDED (or validate/schema succeeded), 1 it did not, 2 invalid input. */
export const EXIT = { OK: 0, FAILED: 1, INVALID: 2 } as const;

/** Longest stretch of virtual time a `--virtual-time` run may take before it is canceled (one year). */
export const MAX_VIRTUAL_MS = 366 * 24 * 3_600_000;

function tty(io: CliIo, stream: "stdout" | "stdin"): boolean {
  return typeof io.isTTY === "boolean" ? io.isTTY : io.isTTY?.[stream] === true;
}

/**
 * Runs `gennaker` with `argv` (the arguments after the program name) and resolves to the exit
 * code. Never calls `process.exit` and writes only to `io`.
 * @example
 * const code = await runCli(["run", "deploy.json", "--virtual-time", "--json"], { stdout, stderr });
 */
export async function runCli(argv: readonly string[], io: CliIo, options: CliOptions = {}): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`gennaker: ${error.message}\n\n${usage(error.topic)}`);
    return EXIT.INVALID;
  }
  switch (command.command) {
    case "help":
      io.stdout.write(usage(command.topic));
      return EXIT.OK;
    case "schema":
      io.stdout.write(`${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`);
      return EXIT.OK;
    case "validate":
      return validateCommand(command, io, options);
    case "run":
      return runCommand(command, io, options);
    case "worker":
      try {
        await runStoreWorker({
          store: command.store,
          concurrency: command.concurrency,
          out: io.stderr,
          ...(options.stages ? { stages: options.stages } : {}),
          ...(command.timeZone ? { timeZone: command.timeZone } : {}),
          ...(io.signal ? { signal: io.signal } : {}),
        });
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        io.stderr.write(`gennaker: ${error.message}\n`);
        return EXIT.INVALID;
      }
      return EXIT.OK;
  }
}

interface LoadedJson {
  value: unknown;
  positions: ReadonlyMap<string, TextPosition>;
}

/** Reads and parses a JSON file, reporting read and syntax errors; undefined on failure. */
async function loadJson(file: string, what: string, io: CliIo): Promise<LoadedJson | undefined> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd ?? process.cwd(), file), "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr.write(`gennaker: cannot read ${what} ${file}: ${reason}\n`);
    return undefined;
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    io.stderr.write(`${file}:${line}:${column}: malformed JSON: ${message}\n${codeFrame(text, parsed.error)}\n`);
    return undefined;
  }
  return { value: parsed.value, positions: parsed.positions };
}

/** `  $.stages[2].type: unknown stage type "deploy" (line 14)` for each problem. */
export function formatProblems(problems: readonly ValidationProblem[], positions?: ReadonlyMap<string, TextPosition>): string {
  return problems
    .map((p) => {
      const segments = positions ? parseJsonPath(p.path) : undefined;
      const at = segments && positions ? locate(positions, segments) : undefined;
      return `  ${p.path}: ${p.message}${at ? ` (line ${at.line})` : ""}\n`;
    })
    .join("");
}

function reportProblems(file: string, problems: readonly ValidationProblem[], positions: ReadonlyMap<string, TextPosition> | undefined, io: CliIo, what = "pipeline"): void {
  const n = problems.length;
  io.stderr.write(`${file}: invalid ${what}, ${n} problem${n === 1 ? "" : "s"} (nothing was run):\n${formatProblems(problems, positions)}`);
}

function knownStageTypes(options: CliOptions): Set<string> {
  const known = new Set<string>();
  for (const s of [...builtinStages, ...(options.stages ?? [])]) {
    known.add(s.type);
    for (const a of s.aliases ?? []) known.add(a);
  }
  return known;
}

async function validateCommand(command: ValidateCommand, io: CliIo, options: CliOptions): Promise<number> {
  const loaded = await loadJson(command.file, "pipeline", io);
  if (!loaded) return EXIT.INVALID;
  const known = knownStageTypes(options);
  const result = validatePipelineConfig(loaded.value, { isKnownStageType: (t) => known.has(t) });
  if (command.json) {
    const problems = result.problems.map((p) => {
      const segments = parseJsonPath(p.path);
      const at = segments ? locate(loaded.positions, segments) : undefined;
      return at ? { ...p, line: at.line, column: at.column } : p;
    });
    io.stdout.write(`${JSON.stringify({ valid: result.ok, problems }, null, 2)}\n`);
  }
  if (!result.ok) {
    reportProblems(command.file, result.problems, loaded.positions, io);
    return EXIT.INVALID;
  }
  if (!command.json) {
    const stages = Array.isArray(result.config.stages) ? result.config.stages.length : 0;
    const name = typeof result.config.name === "string" ? ` "${result.config.name}"` : "";
    io.stdout.write(`${command.file}: valid pipeline${name} with ${stages} stage${stages === 1 ? "" : "s"}\n`);
  }
  return EXIT.OK;
}

/** Names of `parameterConfig[]`. */
function declaredParameters(config: Record<string, unknown>): Set<string> {
  const list = config["parameterConfig"];
  const names = new Set<string>();
  if (Array.isArray(list)) for (const p of list) if (p && typeof p === "object" && typeof p.name === "string") names.add(p.name);
  return names;
}

/** Names and refIds of the config's manual judgment stages. */
function judgmentStageKeys(config: Record<string, unknown>): Set<string> {
  const keys = new Set<string>();
  const stages = config["stages"];
  if (!Array.isArray(stages)) return keys;
  for (const s of stages as Record<string, unknown>[]) {
    if (s["type"] !== "manualJudgment") continue;
    if (typeof s["name"] === "string") keys.add(s["name"]);
    if (s["refId"] !== undefined) keys.add(String(s["refId"]));
  }
  return keys;
}

async function loadTrigger(file: string, io: CliIo): Promise<Record<string, unknown> | undefined> {
  const loaded = await loadJson(file, "trigger", io);
  if (!loaded) return undefined;
  const v = loaded.value;
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    io.stderr.write(`${file}: invalid trigger: expected a JSON object\n`);
    return undefined;
  }
  const parsed = TriggerSchema.safeParse(v);
  if (!parsed.success) {
    const problems = problemsFromZodIssues(parsed.error.issues, v).map((p) => ({ path: formatJsonPath(p.segments), code: p.code, message: p.message }));
    reportProblems(file, problems, loaded.positions, io, "trigger");
    return undefined;
  }
  return v as Record<string, unknown>;
}

async function runCommand(command: RunCommand, io: CliIo, options: CliOptions): Promise<number> {
  const loaded = await loadJson(command.file, "pipeline", io);
  if (!loaded) return EXIT.INVALID;
  const known = knownStageTypes(options);
  const validation = validatePipelineConfig(loaded.value, { isKnownStageType: (t) => known.has(t) });
  if (!validation.ok) {
    reportProblems(command.file, validation.problems, loaded.positions, io);
    return EXIT.INVALID;
  }
  let trigger: Record<string, unknown> | undefined;
  if (command.triggerFile !== undefined) {
    trigger = await loadTrigger(command.triggerFile, io);
    if (!trigger) return EXIT.INVALID;
  }
  const config = loaded.value as Record<string, unknown>;

  const liveTree = tty(io, "stdout");
  let engineRef: Engine | undefined;
  const now = () => engineRef?.clock.now() ?? Date.now();
  const displayOptions = {
    out: io.stderr,
    now,
    color: liveTree && io.env?.["NO_COLOR"] === undefined,
    virtualTime: command.virtualTime,
    ...(io.columns !== undefined ? { width: io.columns } : {}),
  };
  const display: Display = liveTree ? new TreeDisplay(displayOptions) : new LogDisplay(displayOptions);
  const logger = {
    warn: (m: string, d?: Record<string, unknown>) => display.note(`warning: ${m}${d ? ` ${JSON.stringify(d)}` : ""}`),
    error: (m: string, d?: Record<string, unknown>) => display.note(`error: ${m}${d ? ` ${JSON.stringify(d)}` : ""}`),
  };
  const engineOptions = {
    logger,
    ...(options.stages ? { stages: options.stages } : {}),
    ...(command.timeZone ? { timeZone: command.timeZone } : {}),
  };
  const testEngine = command.virtualTime ? createTestEngine({ ...engineOptions, start: Date.now() }) : undefined;
  let storeEngine: (Engine & { close(): Promise<void> }) | undefined;
  if (command.store !== undefined) {
    try {
      storeEngine = await openStoreEngine(command.store, engineOptions);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      io.stderr.write(`gennaker: ${error.message}\n`);
      return EXIT.INVALID;
    }
  }
  const engine: Engine = testEngine ?? storeEngine ?? createEngine(engineOptions);
  engineRef = engine;

  const declared = declaredParameters(config);
  for (const name of Object.keys(command.params)) {
    if (!declared.has(name)) display.note(`warning: --param ${name} is not declared in parameterConfig (passed on anyway)`);
  }
  const judgmentKeys = judgmentStageKeys(config);
  for (const j of command.judges) {
    if (!judgmentKeys.has(j.stage)) display.note(`warning: --judge ${JSON.stringify(j.raw)}: the pipeline has no manual judgment stage named ${JSON.stringify(j.stage)}`);
  }

  let reader: LineReader | undefined;
  const stdin = io.stdin;
  const desk = new JudgmentDesk({
    engine,
    judges: command.judges,
    display,
    prompt: io.stderr,
    ...(stdin && tty(io, "stdin") ? { reader: () => (reader ??= new LineReader(stdin)) } : {}),
  });

  const pending: Array<{ executionId: string; stageId: string }> = [];
  engine.events.on("execution.started", (e) => display.onExecution("started", e));
  engine.events.on("execution.complete", (e) => display.onExecution("complete", e));
  engine.events.on("stage.started", (e) => {
    display.onStage("started", e);
    if (e.stage.type === "manualJudgment") pending.push({ executionId: e.executionId, stageId: e.stageId });
  });
  engine.events.on("stage.complete", (e) => {
    desk.stageCompleted(e.stageId);
    display.onStage("complete", e);
  });
  engine.events.on("handlerError", (e) => {
    const kind = (e.message as { kind?: string } | undefined)?.kind ?? "message";
    display.note(`engine error handling ${kind} (attempt ${e.attempts}): ${e.error instanceof Error ? e.error.message : String(e.error)}`);
  });
  engine.events.on("deadLetter", (d) => display.note(`engine gave up on a ${d.message.kind} message: ${d.reason ?? "too many attempts"}`));
  engine.events.on("listenerError", (e) => display.note(`event listener failed on ${e.event}: ${String(e.error)}`));

  let execution: PipelineExecution;
  try {
    execution = await engine.start(config, {
      ...(trigger ? { trigger } : {}),
      parameters: command.params,
      user: typeof trigger?.["user"] === "string" ? trigger["user"] : CLI_USER,
      origin: "cli",
    });
  } catch (error) {
    await storeEngine?.close();
    if (error instanceof PipelineValidationError) {
      reportProblems(command.file, error.problems, loaded.positions, io);
      return EXIT.INVALID;
    }
    throw error;
  }
  if (command.noWait) {
    // started in the store: `gennaker worker` processes run it
    io.stdout.write(command.json ? `${JSON.stringify(execution, null, 2)}\n` : `${execution.id}\n`);
    io.stderr.write(`started ${execution.name ?? "execution"} ${execution.id}; \`gennaker worker --store ...\` runs it\n`);
    await storeEngine?.close();
    return EXIT.OK;
  }
  display.attach(execution);
  const onAbort = () => desk.abort();
  io.signal?.addEventListener("abort", onAbort);

  try {
    if (testEngine) await driveVirtual(testEngine, execution.id, { pending, desk, display, ...(io.signal ? { signal: io.signal } : {}) });
    else await driveReal(engine, execution.id, { pending, desk, display, ...(io.signal ? { signal: io.signal } : {}) });
  } finally {
    io.signal?.removeEventListener("abort", onAbort);
    reader?.close();
    await engine.stop();
  }

  const final = (await engine.get(execution.id)) ?? execution;
  await storeEngine?.close();
  display.finish(final);
  if (command.json) io.stdout.write(`${JSON.stringify(final, null, 2)}\n`);
  return final.status === "SUCCEEDED" ? EXIT.OK : EXIT.FAILED;
}

interface Drive {
  pending: Array<{ executionId: string; stageId: string }>;
  desk: JudgmentDesk;
  display: Display;
  signal?: AbortSignal;
}

/** Judge the manual judgments that started; true when one was judged. */
async function judgePending(d: Drive): Promise<boolean> {
  let judged = false;
  while (d.pending.length > 0) {
    const p = d.pending.shift()!;
    if (await d.desk.handle(p.executionId, p.stageId)) judged = true;
  }
  return judged;
}

/** Virtual time: handle everything due, then jump the clock to the next due message. */
async function driveVirtual(engine: ReturnType<typeof createTestEngine>, id: string, d: Drive): Promise<void> {
  const limit = engine.clock.now() + MAX_VIRTUAL_MS;
  let canceled = false;
  const cancel = async (reason: string) => {
    if (canceled) return;
    canceled = true;
    await engine.cancel(id, { user: CLI_USER, reason });
  };
  for (;;) {
    if (d.signal?.aborted) await cancel("interrupted (gennaker CLI)");
    await engine.runUntilIdle();
    if (await judgePending(d)) continue;
    const e = await engine.get(id);
    if (!e || isComplete(e.status)) return;
    const next = await engine.queue.nextDueAt();
    if (next === undefined) {
      d.display.note(`the execution is ${e.status} but nothing is left to do; stopping`);
      return;
    }
    if (next > limit) {
      if (canceled) return;
      d.display.note(`giving up after ${formatDuration(MAX_VIRTUAL_MS)} of virtual time; canceling`);
      await cancel(`gave up after ${formatDuration(MAX_VIRTUAL_MS)} of virtual time (gennaker CLI)`);
      continue;
    }
    engine.clock.advance(Math.max(0, next - engine.clock.now()));
  }
}

/** Real time: a worker handles messages as they fall due; judgments are handled as they start. */
async function driveReal(engine: Engine, id: string, d: Drive): Promise<void> {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  let judging: Promise<unknown> = Promise.resolve();
  let busy = 0;
  const schedule = () => {
    busy++;
    judging = judging
      .then(() => judgePending(d))
      .catch((error: unknown) => d.display.note(`judgment failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => busy--);
  };
  const onStarted = () => {
    if (d.pending.length > 0) schedule();
  };
  const onComplete = (e: { executionId: string }) => {
    if (e.executionId === id) finish();
  };
  engine.events.on("stage.started", onStarted);
  engine.events.on("execution.complete", onComplete);
  const onAbort = () => void engine.cancel(id, { user: CLI_USER, reason: "interrupted (gennaker CLI)" }).catch(() => undefined);
  d.signal?.addEventListener("abort", onAbort, { once: true });
  if (d.signal?.aborted) onAbort();

  let idleChecks = 0;
  const check = async () => {
    const e = await engine.get(id);
    if (!e || isComplete(e.status)) return finish();
    d.display.tick();
    const empty = (await engine.queue.size()) === 0;
    idleChecks = empty && busy === 0 ? idleChecks + 1 : 0;
    if (idleChecks >= 3) {
      d.display.note(`the execution is ${e.status} but nothing is left to do; stopping`);
      finish();
    }
  };
  // keeps the process alive (the engine's timers do not) and refreshes running durations
  const interval = setInterval(() => void check().catch(() => undefined), 1_000);
  engine.startWorker();
  schedule();
  await check();
  try {
    await done;
  } finally {
    clearInterval(interval);
    engine.events.off("stage.started", onStarted);
    engine.events.off("execution.complete", onComplete);
    d.signal?.removeEventListener("abort", onAbort);
    d.desk.abort();
    await judging;
  }
}

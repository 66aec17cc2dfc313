/**
 * Manual judgments in the CLI: decided by a matching `--judge`, else asked at the terminal when
 * stdin is one, else left waiting (the stage times out by its own rules).
 * @module
 */
import type { Engine } from "../engine/engine.js";
import { GennakerError } from "../errors.js";
import type { PipelineExecution, StageExecution } from "../execution/types.js";
import { MANUAL_JUDGMENT_TIMEOUT_MS } from "../stages/manual-judgment.js";
import type { JudgeSpec } from "./args.js";
import type { Display, TextSink } from "./display.js";
import { formatDuration } from "./format.js";
import type { LineReader } from "./line-reader.js";

/** Who the CLI judges as. */
export const CLI_USER = "gennaker-cli";

/** Options of {@link JudgmentDesk}. */
export interface JudgmentDeskOptions {
  engine: Engine;
  judges: readonly JudgeSpec[];
  display: Display;
  /** A reader of the terminal, when stdin is a terminal. */
  reader?: () => LineReader;
  /** Where prompts are written (stderr). */
  prompt: TextSink;
}

/** The values a judgment stage offers (`judgmentInputs: [{value}]`). */
export function judgmentInputs(stage: StageExecution): string[] {
  const list = stage.context["judgmentInputs"];
  if (!Array.isArray(list)) return [];
  return list
    .map((x: unknown) => (x && typeof x === "object" ? (x as Record<string, unknown>)["value"] : x))
    .filter((v): v is string | number => typeof v === "string" || typeof v === "number")
    .map(String);
}

/** The `--judge` spec for a stage: by exact name, else by refId. */
export function findJudgeSpec(judges: readonly JudgeSpec[], stage: StageExecution): JudgeSpec | undefined {
  return judges.find((j) => j.stage === stage.name) ?? judges.find((j) => j.stage === stage.refId);
}

function timeoutOf(stage: StageExecution): number {
  const own = stage.context["stageTimeoutMs"];
  return typeof own === "number" && own > 0 ? own : MANUAL_JUDGMENT_TIMEOUT_MS;
}

/** Handles manual judgment stages as they start, one at a time. */
export class JudgmentDesk {
  readonly #o: JudgmentDeskOptions;
  readonly #handled = new Set<string>();
  #asking: { stageId: string; abort: AbortController } | undefined;

  constructor(options: JudgmentDeskOptions) {
    this.#o = options;
  }

  /** Abort the question about `stageId` if it is on screen (the stage completed by itself). */
  stageCompleted(stageId: string): void {
    this.#o.display.awaiting.delete(stageId);
    if (this.#asking?.stageId === stageId) this.#asking.abort.abort();
  }

  /** Abort any question on screen. */
  abort(): void {
    this.#asking?.abort.abort();
  }

  /**
   * Decide the judgment stage `stageId` of `executionId` if it is still awaiting one. Returns true
   * when a judgment was recorded.
   */
  async handle(executionId: string, stageId: string): Promise<boolean> {
    const { engine, display } = this.#o;
    const execution = await engine.get(executionId);
    const stage = execution?.stages.find((s) => s.id === stageId);
    if (!execution || !stage || stage.status !== "RUNNING" || stage.context["judgmentStatus"] !== undefined) return false;
    const key = `${stage.id}@${stage.startTime ?? 0}`;
    if (this.#handled.has(key)) return false;
    this.#handled.add(key);

    const spec = findJudgeSpec(this.#o.judges, stage);
    if (spec) return this.#judge(execution, stage, spec.status, spec.input, `--judge ${JSON.stringify(spec.raw)}`);

    if (this.#o.reader) {
      display.awaiting.add(stage.id);
      const abort = new AbortController();
      this.#asking = { stageId: stage.id, abort };
      display.suspend();
      try {
        const answer = await this.#ask(execution, stage, abort.signal);
        if (answer) return await this.#judge(execution, stage, answer.status, answer.input, "the terminal");
        if (!abort.signal.aborted) display.note(`${stage.name}: no answer (end of input); left waiting, it times out after ${formatDuration(timeoutOf(stage))}`);
        return false;
      } finally {
        this.#asking = undefined;
        display.awaiting.delete(stage.id);
        display.resume();
      }
    }

    display.note(
      `${stage.name}: awaiting manual judgment; no --judge matches it and stdin is not a terminal, ` +
        `so it is left to time out after ${formatDuration(timeoutOf(stage))}`,
    );
    return false;
  }

  async #judge(execution: PipelineExecution, stage: StageExecution, status: "continue" | "stop", input: string | undefined, by: string): Promise<boolean> {
    try {
      await this.#o.engine.judge(execution.id, stage.id, {
        judgmentStatus: status,
        user: CLI_USER,
        ...(input !== undefined ? { judgmentInput: input } : {}),
      });
    } catch (error) {
      if (!(error instanceof GennakerError)) throw error;
      this.#o.display.note(`${stage.name}: could not judge: ${error.message}`);
      return false;
    }
    this.#o.display.note(`${stage.name}: judged ${status}${input !== undefined ? ` with input ${JSON.stringify(input)}` : ""} (from ${by})`);
    return true;
  }

  async #ask(
    execution: PipelineExecution,
    stage: StageExecution,
    signal: AbortSignal,
  ): Promise<{ status: "continue" | "stop"; input?: string } | undefined> {
    const reader = this.#o.reader!();
    const out = this.#o.prompt;
    const inputs = judgmentInputs(stage);
    out.write(`\n? Manual judgment: ${stage.name}${execution.name ? ` (${execution.name})` : ""}\n`);
    const instructions = stage.context["instructions"];
    if (typeof instructions === "string" && instructions.trim() !== "") {
      for (const l of instructions.trim().split("\n")) out.write(`  ${l}\n`);
    }
    let status: "continue" | "stop" | undefined;
    while (!status) {
      out.write("  continue or stop? [c/s] ");
      const line = await reader.next(signal);
      if (line === undefined) {
        if (signal.aborted) out.write(`\n  (${stage.name} is no longer awaiting judgment)\n`);
        return undefined;
      }
      const a = line.trim().toLowerCase();
      if (a === "c" || a === "continue") status = "continue";
      else if (a === "s" || a === "stop") status = "stop";
      else out.write(`  please answer c (continue) or s (stop)\n`);
    }
    if (inputs.length === 0) return { status };
    out.write(`  input: ${inputs.map((v, i) => `${i + 1}) ${v}`).join("  ")}\n`);
    out.write(`  choose 1-${inputs.length}, type a value, or press enter for none: `);
    const line = await reader.next(signal);
    if (line === undefined) return signal.aborted ? undefined : { status };
    const a = line.trim();
    if (a === "") return { status };
    const n = Number(a);
    if (Number.isInteger(n) && n >= 1 && n <= inputs.length) return { status, input: inputs[n - 1]! };
    return { status, input: inputs.find((v) => v.toLowerCase() === a.toLowerCase()) ?? a };
  }
}

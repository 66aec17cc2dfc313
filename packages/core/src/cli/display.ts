/**
 * What the CLI shows while a pipeline runs: a live stage tree redrawn in place on a terminal, or
 * one line per event for logs and pipes. Both end with the final tree and a result line.
 * @module
 */
import { isComplete } from "../execution/status.js";
import type { PipelineExecution, StageExecution } from "../execution/types.js";
import type { ExecutionEvent, StageEvent } from "../events/events.js";
import { formatDuration, formatElapsed, palette, statusColor, statusSymbol, type Palette } from "./format.js";
import { durationOf, renderHeader, renderStageTree, stageError } from "./tree.js";

/** Where text goes (a `process.stderr`-like object). */
export interface TextSink {
  write(chunk: string): unknown;
}

/** Options shared by the displays. */
export interface DisplayOptions {
  out: TextSink;
  /** The clock the execution runs on (virtual or real). */
  now: () => number;
  /** Colours on. */
  color: boolean;
  /** Line width (live tree only). */
  width?: number;
  /** Whether the run is in virtual time (said in the result line). */
  virtualTime: boolean;
}

/** The CLI's view of a run. */
export interface Display {
  /** Manual judgment stages waiting on a person (marked in the tree). */
  readonly awaiting: Set<string>;
  /** The execution to show has been created. */
  attach(execution: PipelineExecution): void;
  /** An execution event (only the attached execution is shown). */
  onExecution(kind: "started" | "complete", event: ExecutionEvent): void;
  /** A stage event. */
  onStage(kind: "started" | "complete", event: StageEvent): void;
  /** A message for the user (judgments, warnings). */
  note(text: string): void;
  /** Stop redrawing (a prompt is on screen). */
  suspend(): void;
  /** Redraw again after {@link suspend}. */
  resume(): void;
  /** Periodic refresh (running durations in real time). */
  tick(): void;
  /** Show the final state and the result line. */
  finish(execution: PipelineExecution): void;
}

/** Full name of a stage: synthetic stages are prefixed with their parents' names. */
export function stagePath(execution: PipelineExecution, stage: StageExecution): string {
  const names = [stage.name];
  let parent = stage.parentStageId;
  for (let guard = 0; parent !== null && guard < 100; guard++) {
    const p = execution.stages.find((s) => s.id === parent);
    if (!p) break;
    names.unshift(p.name);
    parent = p.parentStageId;
  }
  return names.join(" › ");
}

/** The result line: `✔ SUCCEEDED in 2h 10m (virtual time)` or `✘ TERMINAL after 3s — Stage: error`. */
export function resultLine(execution: PipelineExecution, now: number, virtualTime: boolean, p: Palette = palette(false)): string {
  const d = formatDuration(durationOf(execution, now) ?? 0);
  const clock = virtualTime ? " (virtual time)" : "";
  const color = statusColor(p, execution.status);
  if (execution.status === "SUCCEEDED") return color(`${statusSymbol(execution.status)} SUCCEEDED in ${d}${clock}`);
  const reasons: string[] = [];
  if (execution.cancellationReason) reasons.push(execution.cancellationReason);
  for (const s of execution.stages) {
    if (s.status !== "TERMINAL" && s.status !== "STOPPED" && s.status !== "CANCELED") continue;
    const error = stageError(s);
    if (error) {
      reasons.push(`${stagePath(execution, s)}: ${error}`);
      break;
    }
  }
  const why = reasons.length > 0 ? ` — ${reasons.join("; ")}` : "";
  return color(`${statusSymbol(execution.status)} ${execution.status} after ${d}${clock}${why}`);
}

abstract class BaseDisplay implements Display {
  readonly awaiting = new Set<string>();
  protected execution: PipelineExecution | undefined;
  protected readonly p: Palette;

  constructor(protected readonly options: DisplayOptions) {
    this.p = palette(options.color);
  }

  attach(execution: PipelineExecution): void {
    this.execution = execution;
  }

  protected mine(event: ExecutionEvent): boolean {
    return this.execution !== undefined && event.executionId === this.execution.id;
  }

  abstract onExecution(kind: "started" | "complete", event: ExecutionEvent): void;
  abstract onStage(kind: "started" | "complete", event: StageEvent): void;
  abstract note(text: string): void;
  abstract suspend(): void;
  abstract resume(): void;
  abstract tick(): void;
  abstract finish(execution: PipelineExecution): void;
}

/** One line per event, with the elapsed (virtual or real) time since the start. */
export class LogDisplay extends BaseDisplay {
  #origin: number | undefined;

  override attach(execution: PipelineExecution): void {
    super.attach(execution);
    this.#origin = this.options.now();
  }

  #line(text: string): void {
    const stamp = formatElapsed(this.options.now() - (this.#origin ?? this.options.now()));
    this.options.out.write(`[${stamp}] ${text}\n`);
  }

  onExecution(kind: "started" | "complete", event: ExecutionEvent): void {
    if (!this.mine(event)) return;
    this.execution = event.execution;
    const e = event.execution;
    const name = e.name ?? e.id;
    if (kind === "started") this.#line(`${statusSymbol(e.status)} ${name} (${e.id}) started`);
    else this.#line(`${statusSymbol(e.status)} ${name} ${e.status} in ${formatDuration(durationOf(e, this.options.now()) ?? 0)}`);
  }

  onStage(kind: "started" | "complete", event: StageEvent): void {
    if (!this.mine(event)) return;
    this.execution = event.execution;
    const s = event.stage;
    const label = `${stagePath(event.execution, s)} (${s.type})`;
    if (kind === "started") {
      this.#line(`${statusSymbol(s.status)} ${label} started`);
      return;
    }
    const error = s.status === "SUCCEEDED" || s.status === "SKIPPED" ? undefined : stageError(s);
    const took = s.startTime === null ? "" : ` in ${formatDuration(durationOf(s, this.options.now()) ?? 0)}`;
    this.#line(`${statusSymbol(s.status)} ${label} ${s.status}${took}${error ? `: ${error}` : ""}`);
  }

  note(text: string): void {
    for (const l of text.split("\n")) this.#line(l);
  }

  suspend(): void {}
  resume(): void {}
  tick(): void {}

  finish(execution: PipelineExecution): void {
    const now = this.options.now();
    const lines = [renderHeader(execution, now), ...renderStageTree(execution, { now })];
    this.options.out.write(`\n${lines.join("\n")}\n${resultLine(execution, now, this.options.virtualTime)}\n`);
  }
}

/** The live tree: redrawn in place (ANSI cursor movement) on every stage event, at most every 40 ms. */
export class TreeDisplay extends BaseDisplay {
  #drawn = 0;
  #suspended = false;
  #lastDraw = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  #clear(): void {
    if (this.#drawn > 0) this.options.out.write(`\x1b[${this.#drawn}F\x1b[0J`);
    this.#drawn = 0;
  }

  #draw(force = false): void {
    if (this.#suspended || !this.execution) return;
    const wallNow = Date.now();
    if (!force && wallNow - this.#lastDraw < 40) {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#draw(true);
      }, 40);
      return;
    }
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#lastDraw = wallNow;
    const now = this.options.now();
    const width = Math.max(20, (this.options.width ?? 120) - 1);
    const lines = [
      renderHeader(this.execution, now, this.p),
      ...renderStageTree(this.execution, { now, width, palette: this.p, awaiting: this.awaiting }),
    ];
    this.#clear();
    this.options.out.write(`${lines.join("\n")}\n`);
    this.#drawn = lines.length;
  }

  override attach(execution: PipelineExecution): void {
    super.attach(execution);
    this.#draw(true);
  }

  onExecution(_kind: "started" | "complete", event: ExecutionEvent): void {
    if (!this.mine(event)) return;
    this.execution = event.execution;
    this.#draw();
  }

  onStage(_kind: "started" | "complete", event: StageEvent): void {
    if (!this.mine(event)) return;
    this.execution = event.execution;
    this.#draw();
  }

  note(text: string): void {
    this.#clear();
    this.options.out.write(`${text}\n`);
    this.#draw(true);
  }

  suspend(): void {
    this.#suspended = true;
    this.#drawn = 0; // a prompt goes below the tree: never erase upwards into it
  }

  resume(): void {
    this.#suspended = false;
    this.#draw(true); // below the prompt and its answers, which stay on screen
  }

  tick(): void {
    if (this.execution && !isComplete(this.execution.status)) this.#draw();
  }

  finish(execution: PipelineExecution): void {
    this.execution = execution;
    this.#suspended = false;
    this.#draw(true);
    this.options.out.write(`${resultLine(execution, this.options.now(), this.options.virtualTime, this.p)}\n`);
  }
}

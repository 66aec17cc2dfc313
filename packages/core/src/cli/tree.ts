/**
 * The stage tree the CLI shows: top-level stages in pipeline order with their synthetic stages
 * nested under them, each with its type, status, duration and what it waits for.
 * @module
 */
import type { PipelineExecution, StageExecution } from "../execution/types.js";
import { formatDuration, palette, statusColor, statusSymbol, truncate, type Palette } from "./format.js";

/** Options of {@link renderStageTree}. */
export interface StageTreeOptions {
  /** Current time, for the duration of running stages. */
  now: number;
  /** Maximum line width in characters (lines are cut, never wrapped). Default: unlimited. */
  width?: number;
  /** Colours (default none). */
  palette?: Palette;
  /** Ids of manual judgment stages the CLI is waiting on a person for (marked in the tree). */
  awaiting?: ReadonlySet<string>;
}

/** Duration of a stage or execution so far (or in total when complete); undefined before it starts. */
export function durationOf(x: { startTime: number | null; endTime: number | null }, now: number): number | undefined {
  if (x.startTime === null) return undefined;
  return Math.max(0, (x.endTime ?? now) - x.startTime);
}

/** The first error message recorded on a stage (its context `exception` or a task's exception). */
export function stageError(stage: StageExecution): string | undefined {
  const fromException = (x: unknown): string | undefined => {
    if (!x || typeof x !== "object") return undefined;
    const details = (x as Record<string, unknown>)["details"];
    if (details && typeof details === "object") {
      const d = details as Record<string, unknown>;
      const errors = d["errors"];
      if (Array.isArray(errors) && errors.length > 0) return errors.map(String).join("; ");
      if (typeof d["error"] === "string" && d["error"] !== "") return d["error"];
      if (typeof d["message"] === "string" && d["message"] !== "") return d["message"];
    }
    const message = (x as Record<string, unknown>)["message"];
    return typeof message === "string" && message !== "" ? message : undefined;
  };
  const own = fromException(stage.context["exception"]);
  if (own) return own;
  for (const t of stage.tasks) {
    const m = fromException(t.taskExceptionDetails["exception"]);
    if (m) return m;
  }
  const reason = stage.context["failureMessage"] ?? stage.context["reason"];
  return typeof reason === "string" && reason !== "" ? reason : undefined;
}

interface Row {
  stage: StageExecution;
  depth: number;
}

function rows(execution: PipelineExecution): Row[] {
  const children = new Map<string, StageExecution[]>();
  for (const s of execution.stages) {
    if (s.parentStageId === null) continue;
    const list = children.get(s.parentStageId) ?? [];
    list.push(s);
    children.set(s.parentStageId, list);
  }
  const out: Row[] = [];
  const seen = new Set<string>();
  const visit = (s: StageExecution, depth: number) => {
    if (seen.has(s.id)) return;
    seen.add(s.id);
    out.push({ stage: s, depth });
    for (const c of children.get(s.id) ?? []) visit(c, depth + 1);
  };
  for (const s of execution.stages) if (s.parentStageId === null) visit(s, 0);
  // synthetic stages whose parent is missing (should not happen) still show
  for (const s of execution.stages) visit(s, 0);
  return out;
}

/** The execution's header line: `Deploy orders · RUNNING · 2h 10m`. */
export function renderHeader(execution: PipelineExecution, now: number, p: Palette = palette(false)): string {
  const d = durationOf(execution, now);
  const name = execution.name ?? execution.pipelineConfigId ?? execution.id;
  const color = statusColor(p, execution.status);
  return `${p.bold(name)} · ${color(execution.status)}${d === undefined ? "" : ` · ${formatDuration(d)}`}`;
}

/**
 * Renders the stage tree as lines (without the header). Each line: status symbol, name (nested
 * synthetic stages indented), type, status, duration, and `← upstream` for stages with
 * requisites; a failed stage gets a second line with its error.
 */
export function renderStageTree(execution: PipelineExecution, options: StageTreeOptions): string[] {
  const p = options.palette ?? palette(false);
  const width = options.width ?? Number.POSITIVE_INFINITY;
  const list = rows(execution);
  const byRef = new Map(execution.stages.filter((s) => s.parentStageId === null).map((s) => [s.refId, s]));
  const nameWidth = Math.min(44, Math.max(8, ...list.map((r) => r.depth * 2 + [...r.stage.name].length)));
  const typeWidth = Math.min(28, Math.max(4, ...list.map((r) => r.stage.type.length)));
  const lines: string[] = [];
  for (const { stage, depth } of list) {
    const d = durationOf(stage, options.now);
    const name = truncate(`${"  ".repeat(depth)}${stage.name}`, nameWidth).padEnd(nameWidth);
    const type = truncate(stage.type, typeWidth).padEnd(typeWidth);
    const status = stage.status.padEnd(15);
    const duration = (d === undefined ? "" : formatDuration(d)).padStart(9);
    const notes: string[] = [];
    if (options.awaiting?.has(stage.id) && stage.status === "RUNNING") notes.push("awaiting judgment");
    if (stage.parentStageId === null && stage.requisiteStageRefIds.length > 0) {
      notes.push(`← ${stage.requisiteStageRefIds.map((r) => byRef.get(r)?.name ?? r).join(", ")}`);
    }
    const plain = `${statusSymbol(stage.status)} ${name}  ${type}  ${status} ${duration}${notes.length > 0 ? `  ${notes.join("  ")}` : ""}`;
    lines.push(statusColor(p, stage.status)(truncate(plain.trimEnd(), width)));
    if (stage.status === "TERMINAL" || stage.status === "FAILED_CONTINUE" || stage.status === "STOPPED") {
      const error = stageError(stage);
      if (error) lines.push(p.dim(truncate(`  ${"  ".repeat(depth)}└ ${error.replace(/\s+/g, " ")}`, width)));
    }
  }
  return lines;
}

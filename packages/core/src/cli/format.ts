/**
 * Text formatting for the CLI: durations, elapsed-time stamps, status symbols and colours.
 * @module
 */
import type { ExecutionStatus } from "../execution/status.js";

/**
 * A duration for people: `0ms`, `850ms`, `4.2s`, `12s`, `5m 03s`, `2h 00m`, `3d 4h`.
 * Negative or non-finite input is shown as `0ms`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const s = Math.floor(ms / 1_000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${pad(m % 60)}m${s % 60 === 0 ? "" : ` ${pad(s % 60)}s`}`;
  const d = Math.floor(h / 24);
  return `${d}d ${h % 24}h${m % 60 === 0 ? "" : ` ${pad(m % 60)}m`}`;
}

/** Elapsed time as a log stamp: `+00:00:00`, `+02:10:00`, `+3d01:00:00`. */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  const s = Math.floor(ms / 1_000);
  const d = Math.floor(s / 86_400);
  const clock = `${pad(Math.floor(s / 3_600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
  return d > 0 ? `+${d}d${clock}` : `+${clock}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** One-character symbol of a status. */
export function statusSymbol(status: ExecutionStatus): string {
  switch (status) {
    case "SUCCEEDED":
      return "✔";
    case "RUNNING":
      return "▶";
    case "NOT_STARTED":
      return "·";
    case "TERMINAL":
      return "✘";
    case "FAILED_CONTINUE":
      return "!";
    case "STOPPED":
      return "■";
    case "CANCELED":
      return "⊘";
    case "SKIPPED":
      return "↷";
    case "PAUSED":
      return "‖";
    case "REDIRECT":
      return "↺";
    default:
      return "…";
  }
}

/** ANSI colours, or identity functions when colour is off. */
export interface Palette {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const ansi = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

/** A palette: ANSI escapes when `enabled`, plain text otherwise. */
export function palette(enabled: boolean): Palette {
  if (!enabled) {
    const id = (s: string) => s;
    return { green: id, red: id, yellow: id, cyan: id, dim: id, bold: id };
  }
  return { green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39), cyan: ansi(36, 39), dim: ansi(2, 22), bold: ansi(1, 22) };
}

/** The colour a status is shown in. */
export function statusColor(p: Palette, status: ExecutionStatus): (s: string) => string {
  switch (status) {
    case "SUCCEEDED":
      return p.green;
    case "TERMINAL":
    case "CANCELED":
      return p.red;
    case "RUNNING":
    case "PAUSED":
    case "SUSPENDED":
    case "BUFFERED":
      return p.cyan;
    case "FAILED_CONTINUE":
    case "STOPPED":
      return p.yellow;
    case "NOT_STARTED":
    case "SKIPPED":
      return p.dim;
    default:
      return (s) => s;
  }
}

/** Cuts `s` to at most `width` characters (code points), ending with `…` when cut. */
export function truncate(s: string, width: number): string {
  const chars = [...s];
  if (width <= 0 || chars.length <= width) return s;
  return `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

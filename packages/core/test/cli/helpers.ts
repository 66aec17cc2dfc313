import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PipelineExecution } from "../../src/index.js";
import { runCli, type CliIo, type CliOptions } from "../../src/cli/run.js";

/** The fixtures directory. */
export const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** Path of a fixture. */
export const fixture = (name: string) => join(fixtures, name);

/** Collects writes. */
export class Sink {
  text = "";
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** Result of {@link cli}. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the execution JSON (when `--json` was given). */
  execution(): PipelineExecution;
}

/** Runs `runCli` with collecting sinks (not a terminal unless `io.isTTY` says so). */
export async function cli(argv: string[], io: Partial<CliIo> = {}, options: CliOptions = {}): Promise<CliResult> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runCli(argv, { stdout, stderr, ...io }, options);
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    execution: () => JSON.parse(stdout.text) as PipelineExecution,
  };
}

/** Writes `text` to a new temporary file and returns its path. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "gennaker-cli-"));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Removes ANSI escapes. */
export function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

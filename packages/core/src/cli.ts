#!/usr/bin/env node
/**
 * The `gennaker` executable: wires {@link runCli} to the real process (argv, streams, terminals,
 * Ctrl-C). Everything else lives in `./cli/`.
 * @module
 */
import { runCli } from "./cli/run.js";

const interrupt = new AbortController();
let interrupts = 0;
process.on("SIGINT", () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  process.stderr.write("\ninterrupted: canceling the execution (Ctrl-C again to quit now)\n");
  interrupt.abort();
});

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  isTTY: { stdout: process.stdout.isTTY === true, stdin: process.stdin.isTTY === true },
  ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
  env: process.env,
  signal: interrupt.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gennaker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);

#!/usr/bin/env node
/**
 * Conformance runner: reads a JSON-lines file of SpEL cases (the format of
 * ../shared/conformance/spel/cases.jsonl) and prints one result line per case in the format of
 * expected.jsonl. Usage: `npm run -s conformance -w @gennaker/expressions -- CASES.jsonl`.
 * @module
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { runCase } from "./conformance/run-case.js";

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: gennaker-spel-conformance CASES.jsonl\n");
    process.exit(2);
  }
  const lines = readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), "utf8").split("\n");
  const out: string[] = [];
  let lineNo = 0;
  for (const line of lines) {
    lineNo++;
    const t = line.trim();
    if (!t || t.startsWith("//")) continue;
    out.push(await runCase(t, lineNo));
  }
  process.stdout.write(out.join("\n") + "\n");
}

void main();

/**
 * Command-line parsing for `gennaker` (node:util `parseArgs`): turns argv into a typed command or
 * a {@link UsageError}.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A `--judge "Stage name=continue|stop[:input]"` decision. */
export interface JudgeSpec {
  /** Stage name (or refId) it applies to. */
  stage: string;
  /** `continue` or `stop`. */
  status: "continue" | "stop";
  /** The judgment input (`#judgment('Stage name')`), when given after a colon. */
  input?: string;
  /** The option value as given. */
  raw: string;
}

/** `gennaker run`. */
export interface RunCommand {
  command: "run";
  /** Pipeline JSON file. */
  file: string;
  /** `--param k=v` (Spinnaker parameters are strings). */
  params: Record<string, string>;
  /** `--trigger FILE`: trigger JSON. */
  triggerFile?: string;
  /** `--judge` decisions, in order. */
  judges: JudgeSpec[];
  /** `--virtual-time`: run on a virtual clock and skip idle time. */
  virtualTime: boolean;
  /** `--json`: print the final execution JSON on stdout. */
  json: boolean;
  /** `--time-zone`: default IANA zone of execution windows. */
  timeZone?: string;
  /** `--store postgres://...`: run on this shared store instead of in memory. */
  store?: string;
  /** `--no-wait` (with `--store`): only start the execution and print its id. */
  noWait?: boolean;
}

/** `gennaker worker --store URL`. */
export interface WorkerCommand {
  command: "worker";
  /** `--store postgres://...`. */
  store: string;
  /** `--concurrency N`: messages handled at once (default 4). */
  concurrency: number;
  /** `--time-zone`: default IANA zone of execution windows. */
  timeZone?: string;
}

/** `gennaker validate`. */
export interface ValidateCommand {
  command: "validate";
  file: string;
  /** `--json`: print `{valid, problems}` on stdout. */
  json: boolean;
}

/** A parsed command line. */
export type CliCommand =
  | RunCommand
  | ValidateCommand
  | WorkerCommand
  | { command: "schema" }
  | { command: "help"; topic?: "run" | "validate" | "schema" | "worker" };

/** Bad command line: the message says what, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Which command's usage to show. */
    readonly topic?: "run" | "validate" | "schema" | "worker",
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Usage text, overall or of one command. */
export function usage(topic?: "run" | "validate" | "schema" | "worker"): string {
  const run = [
    "gennaker run PIPELINE.json [options]",
    "  Runs a pipeline on the embedded in-memory engine. Exit code 0 iff the execution SUCCEEDED,",
    "  1 otherwise, 2 for invalid input (nothing is run).",
    "",
    "  --param k=v                 a pipeline parameter (repeatable)",
    "  --trigger FILE              trigger JSON (type, user, parameters, artifacts, ...)",
    '  --judge "Stage=continue|stop[:input]"',
    "                              decide a manual judgment stage by name or refId (repeatable);",
    "                              otherwise it is asked at the terminal, or left to time out",
    "  --virtual-time              virtual clock: idle time (waits, backoffs, timeouts) takes no time",
    "  --json                      print the final execution JSON on stdout",
    "  --time-zone ZONE            IANA zone of execution windows that name none",
    "                              (default America/Los_Angeles)",
    "  --store postgres://...      run on a shared PostgreSQL store (needs @gennaker/postgres):",
    "                              this process runs the execution with any `gennaker worker`s",
    "  --no-wait                   with --store: only start the execution and print its id;",
    "                              `gennaker worker` processes run it",
  ];
  const worker = [
    "gennaker worker --store postgres://... [--concurrency N]",
    "  Runs the executions in a shared PostgreSQL store (needs @gennaker/postgres) until SIGTERM",
    "  or Ctrl-C, then finishes the messages in hand. Start as many as you like.",
    "",
    "  --concurrency N             messages handled at once (default 4)",
    "  --time-zone ZONE            IANA zone of execution windows that name none",
  ];
  const validate = [
    "gennaker validate PIPELINE.json [--json]",
    "  Validates a pipeline: exit 0 when valid, 2 with every problem and its JSON path otherwise.",
  ];
  const schema = ["gennaker schema", "  Prints the JSON Schema of pipeline JSON."];
  if (topic === "run") return `usage: ${run.join("\n")}\n`;
  if (topic === "validate") return `usage: ${validate.join("\n")}\n`;
  if (topic === "schema") return `usage: ${schema.join("\n")}\n`;
  if (topic === "worker") return `usage: ${worker.join("\n")}\n`;
  return [
    "gennaker: run Spinnaker pipeline JSON on Gennaker's embedded engine",
    "",
    "usage:",
    ...[run, validate, schema, worker].flatMap((lines) => ["", ...lines.map((l) => `  ${l}`)]),
    "",
    "Progress goes to stderr (a live stage tree on a terminal, one line per event otherwise);",
    "stdout only carries --json output and the schema.",
    "",
  ].join("\n");
}

/**
 * Parses a `--judge` value: `Stage name=continue`, `Stage name=stop`, `Stage name=continue:input`.
 * The stage name may itself contain `=`; the last `=` followed by `continue` or `stop` splits it.
 * @throws UsageError for anything else.
 */
export function parseJudgeSpec(raw: string): JudgeSpec {
  const m = /^(.+)=(continue|stop)(?::(.*))?$/is.exec(raw);
  if (!m) throw new UsageError(`--judge ${JSON.stringify(raw)}: expected "Stage name=continue|stop[:input]"`, "run");
  const stage = m[1]!.trim();
  if (stage === "") throw new UsageError(`--judge ${JSON.stringify(raw)}: the stage name is empty`, "run");
  const spec: JudgeSpec = { stage, status: m[2]!.toLowerCase() as "continue" | "stop", raw };
  if (m[3] !== undefined && m[3] !== "") spec.input = m[3];
  return spec;
}

/** Parses `k=v` (the value may be empty or contain `=`). @throws UsageError */
export function parseParam(raw: string): [string, string] {
  const at = raw.indexOf("=");
  if (at <= 0) throw new UsageError(`--param ${JSON.stringify(raw)}: expected name=value`, "run");
  return [raw.slice(0, at), raw.slice(at + 1)];
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function oneFile(positionals: string[], topic: "run" | "validate"): string {
  if (positionals.length === 0) throw new UsageError(`${topic}: missing PIPELINE.json`, topic);
  if (positionals.length > 1) throw new UsageError(`${topic}: unexpected argument ${JSON.stringify(positionals[1])}`, topic);
  return positionals[0]!;
}

function parse(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  topic: "run" | "validate" | "schema" | "worker",
): { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: [...args], options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${topic}: ${error instanceof Error ? error.message.replace(/\.? ?To specify a positional argument.*$/s, "") : String(error)}`, topic);
  }
}

/** Parses `gennaker` arguments (without `node` and the script). @throws UsageError */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    const topic = rest[0];
    return topic === "run" || topic === "validate" || topic === "schema" || topic === "worker" ? { command: "help", topic } : { command: "help" };
  }
  if (command === "run") {
    const { values, positionals } = parse(
      rest,
      {
        param: { type: "string", multiple: true, short: "p" },
        trigger: { type: "string" },
        judge: { type: "string", multiple: true },
        "virtual-time": { type: "boolean" },
        json: { type: "boolean" },
        "time-zone": { type: "string" },
        store: { type: "string" },
        "no-wait": { type: "boolean" },
      },
      "run",
    );
    if (values["help"]) return { command: "help", topic: "run" };
    const params: Record<string, string> = {};
    for (const p of (values["param"] as string[] | undefined) ?? []) {
      const [k, v] = parseParam(p);
      params[k] = v;
    }
    const cmd: RunCommand = {
      command: "run",
      file: oneFile(positionals, "run"),
      params,
      judges: ((values["judge"] as string[] | undefined) ?? []).map(parseJudgeSpec),
      virtualTime: values["virtual-time"] === true,
      json: values["json"] === true,
    };
    if (typeof values["trigger"] === "string") cmd.triggerFile = values["trigger"];
    const zone = values["time-zone"];
    if (typeof zone === "string") {
      if (!isTimeZone(zone)) throw new UsageError(`--time-zone ${JSON.stringify(zone)}: not an IANA time zone (e.g. Europe/Berlin)`, "run");
      cmd.timeZone = zone;
    }
    if (typeof values["store"] === "string") cmd.store = values["store"];
    if (values["no-wait"] === true) {
      if (cmd.store === undefined) throw new UsageError("--no-wait needs --store (an in-memory execution ends with this process)", "run");
      cmd.noWait = true;
    }
    if (cmd.store !== undefined && cmd.virtualTime) throw new UsageError("--virtual-time cannot be combined with --store (other processes share the store's real clock)", "run");
    return cmd;
  }
  if (command === "worker") {
    const { values, positionals } = parse(rest, { store: { type: "string" }, concurrency: { type: "string" }, "time-zone": { type: "string" } }, "worker");
    if (values["help"]) return { command: "help", topic: "worker" };
    if (positionals.length > 0) throw new UsageError(`worker: unexpected argument ${JSON.stringify(positionals[0])}`, "worker");
    const store = values["store"];
    if (typeof store !== "string") throw new UsageError("worker: --store postgres://... is required", "worker");
    const raw = values["concurrency"];
    const concurrency = raw === undefined ? 4 : Number(raw);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency ${JSON.stringify(raw)}: expected a whole number >= 1`, "worker");
    const cmd: WorkerCommand = { command: "worker", store, concurrency };
    const zone = values["time-zone"];
    if (typeof zone === "string") {
      if (!isTimeZone(zone)) throw new UsageError(`--time-zone ${JSON.stringify(zone)}: not an IANA time zone (e.g. Europe/Berlin)`, "worker");
      cmd.timeZone = zone;
    }
    return cmd;
  }
  if (command === "validate") {
    const { values, positionals } = parse(rest, { json: { type: "boolean" } }, "validate");
    if (values["help"]) return { command: "help", topic: "validate" };
    return { command: "validate", file: oneFile(positionals, "validate"), json: values["json"] === true };
  }
  if (command === "schema") {
    const { values, positionals } = parse(rest, {}, "schema");
    if (values["help"]) return { command: "help", topic: "schema" };
    if (positionals.length > 0) throw new UsageError(`schema: unexpected argument ${JSON.stringify(positionals[0])}`, "schema");
    return { command: "schema" };
  }
  throw new UsageError(`unknown command ${JSON.stringify(command)} (expected run, validate, schema or worker)`);
}

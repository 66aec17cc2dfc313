/**
 * Validation and normalisation of a pipeline config in one pass, for launching it.
 *
 * `normalizePipelineConfig(parsePipelineConfig(input))` copies the config three times (zod's parse,
 * the key-order restore, normalisation's clone) and runs the zod schema over every stage. Most
 * configs are plain JSON whose fields are obviously valid (strings where strings go, booleans,
 * numbers in range, refIds), so {@link readPlainPipelineConfig} checks those directly while making
 * its one copy, hands every other schema field to that field's own zod schema, and gives up at the
 * first thing it is not sure of. The zod schema stays the source of truth: a config with any problem
 * takes the full path, which reports every problem with its path.
 * @module
 */
import type { z } from "zod";
import { withSourceKeyOrder } from "./key-order.js";
import { normalizePipelineConfig } from "./normalize.js";
import type { NormalizedPipelineConfig } from "./normalize.js";
import {
  ExecutionWindowSchema,
  isKnownTimeZone,
  isSpelTemplate,
  NotificationSchema,
  ParameterConfigSchema,
  PipelineConfigSchema,
  restrictedToNoWindow,
  StageConfigSchema,
  TimeWindowSchema,
  TriggerSchema,
} from "./pipeline-config.js";
import { parsePipelineConfig } from "./validate.js";
import type { ValidatePipelineOptions } from "./validate.js";

/**
 * `normalizePipelineConfig(parsePipelineConfig(input, options))`: the same result or the same
 * `PipelineValidationError`, and like it sharing no object with `input`. Several times faster for
 * the usual config (see {@link readPlainPipelineConfig}).
 * @throws PipelineValidationError listing every problem, when the config is invalid.
 */
export function parseNormalizedPipelineConfig(input: unknown, options: ValidatePipelineOptions = {}): NormalizedPipelineConfig {
  const fast = readPlainPipelineConfig(input, options);
  return fast ?? normalizePipelineConfig(parsePipelineConfig(input, options));
}

/** Returned by the readers below for anything they are not sure of. */
const UNSURE: unique symbol = Symbol("unsure");
type Unsure = typeof UNSURE;

/** Reads one field value: the parsed value (a copy when it is an object), or {@link UNSURE}. */
type FieldReader = (value: unknown) => unknown;

/** Deeper values are left to the full path (which also turns a cyclic value into its usual error). */
const MAX_DEPTH = 64;

/**
 * `normalizePipelineConfig(parsePipelineConfig(input, options))` for a valid config made of plain
 * JSON data (plain objects, arrays without holes, strings, numbers, booleans, null, undefined), or
 * undefined: for an invalid config, and for whatever it does not handle itself (other objects,
 * `__proto__` keys, very deep values, a frozen `Object.prototype` or one with enumerable
 * properties), where the full path is needed to get the same result. The result shares no object
 * with `input`. Like JSON, it reads own enumerable properties only (zod also reads known fields
 * that are not enumerable, which JSON and object literals never have).
 */
export function readPlainPipelineConfig(input: unknown, options: ValidatePipelineOptions = {}): NormalizedPipelineConfig | undefined {
  // with a frozen Object.prototype, plain assignment of keys such as `toString` fails (cloneData,
  // which the full path ends with, switches to structuredClone for it)
  if (!isPlainRecord(input) || Object.isFrozen(Object.prototype) || hasEnumerableKey(Object.prototype)) return undefined;
  const out: Record<string, unknown> = {};
  let required = 0; // how many required fields were read
  let given = 0; // the default bits of the fields with defaults read
  for (const key in input) {
    const value = input[key];
    const field = PIPELINE_FIELDS.get(key);
    let parsed: unknown;
    if (field === undefined) parsed = key === "__proto__" ? UNSURE : copyPlain(value, 0);
    else {
      parsed = key === "stages" ? readStages(value, options.isKnownStageType) : key === "parameterConfig" ? readParameterConfig(value) : field.read(value);
      if (field.required) required++;
      given |= field.defaultBit;
    }
    if (parsed === UNSURE) return undefined;
    addProperty(out, key, parsed);
  }
  if (required !== PIPELINE_REQUIRED_COUNT || !normalizeStages(out["stages"] as Record<string, unknown>[])) return undefined;
  for (let i = 0; i < PIPELINE_DEFAULTS.length; i++) {
    if ((given & (1 << i)) !== 0) continue;
    const [key, value, schema] = PIPELINE_DEFAULTS[i]!;
    addProperty(out, key, value !== null && typeof value === "object" ? readBySchema(schema, undefined) : value);
  }
  return out as NormalizedPipelineConfig;
}

/**
 * `object[key] = value` for a key that is not `__proto__`. V8 adds a property through a store with a
 * computed key that has seen several keys by a call into its runtime, several times slower than a
 * store with the key written out; this has one of those for each of the usual keys of pipelines and
 * stages (and of stage contexts, which the launcher copies from stages).
 */
export function addProperty(object: Record<string, unknown>, key: string, value: unknown): void {
  switch (key) {
    case "type":
      object.type = value;
      return;
    case "name":
      object.name = value;
      return;
    case "refId":
      object.refId = value;
      return;
    case "requisiteStageRefIds":
      object.requisiteStageRefIds = value;
      return;
    case "application":
      object.application = value;
      return;
    case "id":
      object.id = value;
      return;
    case "stages":
      object.stages = value;
      return;
    case "limitConcurrent":
      object.limitConcurrent = value;
      return;
    case "maxConcurrentExecutions":
      object.maxConcurrentExecutions = value;
      return;
    case "keepWaitingPipelines":
      object.keepWaitingPipelines = value;
      return;
    default:
      object[key] = value;
  }
}

/** The stages, each read by {@link readStage}; not yet normalised. */
function readStages(value: unknown, isKnown: ((type: string) => boolean) | undefined): Record<string, unknown>[] | Unsure {
  if (!isPlainArray(value)) return UNSURE;
  const n = value.length;
  const stages: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const stage = readStage(value[i]);
    if (stage === UNSURE) return UNSURE;
    if (isKnown !== undefined && !isKnown(stage["type"] as string)) return UNSURE;
    stages.push(stage);
  }
  return stages;
}

/** One stage: its fields in input order, as parsed. A hole in `stages` is not a plain record. */
function readStage(value: unknown): Record<string, unknown> | Unsure {
  if (!isPlainRecord(value)) return UNSURE;
  const out: Record<string, unknown> = {};
  let required = 0; // how many required fields were read
  for (const key in value) {
    const field = STAGE_FIELDS.get(key);
    let parsed: unknown;
    if (field === undefined) parsed = key === "__proto__" ? UNSURE : copyPlain(value[key], 0);
    else {
      parsed = field.read(value[key]);
      if (field.required) required++;
    }
    if (parsed === UNSURE) return UNSURE;
    addProperty(out, key, parsed);
  }
  if (required !== STAGE_REQUIRED_COUNT) return UNSURE;
  return restrictedToNoWindow(out) ? UNSURE : out; // the stage schema's rule across fields
}

/** `parameterConfig`, by its schema, without duplicate names (which validation reports). */
function readParameterConfig(value: unknown): unknown {
  const parsed = parameters(value);
  if (!Array.isArray(parsed)) return parsed;
  const names = new Set<string>();
  for (const parameter of parsed as { name: string }[]) {
    if (names.has(parameter.name)) return UNSURE;
    names.add(parameter.name);
  }
  return parsed;
}

/**
 * Orca's normalisation (see `normalizePipelineConfig`), in place, after the stage-graph checks of
 * validation: false when the graph has a problem (missing, duplicate or unknown refIds, a cycle).
 */
function normalizeStages(stages: Record<string, unknown>[]): boolean {
  const n = stages.length;
  let linear = true;
  for (let i = 0; i < n && linear; i++) linear = stages[i]!["refId"] === undefined || stages[i]!["refId"] === null;
  if (linear) {
    for (let i = 0; i < n; i++) {
      const stage = stages[i]!;
      stage["refId"] = String(i);
      stage["requisiteStageRefIds"] = i === 0 ? [] : [String(i - 1)];
      stage["name"] ??= stage["type"];
    }
    return true;
  }
  const positions = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const stage = stages[i]!;
    const refId = stage["refId"];
    if (refId === undefined || refId === null) return false;
    const id = String(refId);
    if (positions.has(id)) return false;
    positions.set(id, i);
    stage["refId"] = id;
  }
  // requisites become strings in place (the arrays are this read's copies); only a requisite at or
  // after its stage can close a cycle
  let forward = false;
  for (let i = 0; i < n; i++) {
    const stage = stages[i]!;
    let ids = stage["requisiteStageRefIds"] as (string | number)[] | null | undefined;
    if (ids === undefined || ids === null) stage["requisiteStageRefIds"] = ids = [];
    for (let k = 0; k < ids.length; k++) {
      const id = String(ids[k]);
      const position = positions.get(id);
      if (position === undefined) return false;
      if (position >= i) forward = true;
      ids[k] = id;
    }
    stage["name"] ??= stage["type"];
  }
  if (!forward) return true;
  return !hasCycle(stages.map((stage) => (stage["requisiteStageRefIds"] as string[]).map((id) => positions.get(id)!)));
}

/** Whether following requisites (given as positions) from some stage leads back to it. */
function hasCycle(requisites: number[][]): boolean {
  const n = requisites.length;
  const state = new Uint8Array(n); // 0 not seen, 1 on the current path, 2 done
  const next = new Uint32Array(n);
  const path: number[] = [];
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    path.push(root);
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const edges = requisites[node]!;
      const k = next[node]!;
      if (k < edges.length) {
        next[node] = k + 1;
        const target = edges[k]!;
        if (state[target] === 1) return true;
        if (state[target] === 0) {
          state[target] = 1;
          path.push(target);
        }
      } else {
        state[node] = 2;
        path.pop();
      }
    }
  }
  return false;
}

/**
 * A copy of plain JSON data (plain objects, arrays without holes, primitives other than symbols and
 * bigints), or {@link UNSURE}. Shared references are copied once per place, as the full path does.
 */
function copyPlain(value: unknown, depth: number): unknown {
  if (typeof value !== "object") {
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === undefined ? value : UNSURE;
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH) return UNSURE;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return UNSURE;
    const n = value.length;
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const item: unknown = value[i];
      if (item === undefined && !(i in value)) return UNSURE;
      const copy = copyPlain(item, depth + 1);
      if (copy === UNSURE) return UNSURE;
      out.push(copy);
    }
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return UNSURE;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (key === "__proto__") return UNSURE;
    const copy = copyPlain((value as Record<string, unknown>)[key], depth + 1);
    if (copy === UNSURE) return UNSURE;
    out[key] = copy;
  }
  return out;
}

/**
 * `value` parsed by `schema`, as the full path has it: zod's result in the key order of `value`, on
 * a plain copy of it (so it shares nothing with the input), or {@link UNSURE}.
 */
function readBySchema(schema: z.ZodType, value: unknown): unknown {
  const copy = copyPlain(value, 0);
  if (copy === UNSURE) return UNSURE;
  const result = schema.safeParse(copy);
  return result.success ? withSourceKeyOrder(result.data, copy) : UNSURE;
}

/**
 * Whether `object` has an enumerable property. With none on `Object.prototype`, a `for...in` loop
 * over a plain object (one whose prototype is `Object.prototype`) lists exactly its own enumerable
 * keys, in `Object.keys` order, without making an array of them.
 */
function hasEnumerableKey(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
}

function isPlainArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype;
}

function isNullish(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

// Readers of fields whose valid values are easy to recognise. Each accepts a subset of what the
// field's schema accepts (noted alongside), and returns the value as the schema parses it.

/** `z.string().nullish()` */
const nullishString: FieldReader = (v) => (isNullish(v) || typeof v === "string" ? v : UNSURE);
/** `z.string().min(1)` */
const nonEmptyString: FieldReader = (v) => (typeof v === "string" && v !== "" ? v : UNSURE);
/** `orExpression(z.boolean()).nullish()` */
const flag: FieldReader = (v) => (isNullish(v) || typeof v === "boolean" || isSpelTemplate(v) ? v : UNSURE);
/** `orExpression(z.number()).nullish()` */
const finite: FieldReader = (v) => (isNullish(v) || Number.isFinite(v) || isSpelTemplate(v) ? v : UNSURE);
/** `orExpression(z.number().min(0)).nullish()` */
const nonNegative: FieldReader = (v) => (isNullish(v) || (Number.isFinite(v) && (v as number) >= 0) || isSpelTemplate(v) ? v : UNSURE);
/** `z.union([z.string(), z.number()]).nullish()` */
const refId: FieldReader = (v) => (isNullish(v) || typeof v === "string" || Number.isFinite(v) ? v : UNSURE);
function isRefId(value: unknown): boolean {
  return typeof value === "string" || Number.isFinite(value);
}
/** `z.array(z.union([z.string(), z.number()])).nullish()` (a copy) */
const refIds: FieldReader = (v) => {
  if (isNullish(v)) return v;
  if (!isPlainArray(v)) return UNSURE;
  const n = v.length;
  // the usual short lists as literals, which have no spare room (a list grown by push has room for 16)
  if (n === 0) return [];
  if (n === 1) {
    const id: unknown = v[0];
    return isRefId(id) ? [id] : UNSURE;
  }
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const id: unknown = v[i];
    if (!isRefId(id)) return UNSURE; // also a hole
    out.push(id);
  }
  return out;
};
/** `StageEnabledSchema.nullish()` (a copy) */
const stageEnabled: FieldReader = (v) => {
  if (isNullish(v)) return v;
  if (!isPlainRecord(v) || nullishString(v["type"]) === UNSURE || nullishString(v["expression"]) === UNSURE) return UNSURE;
  return copyPlain(v, 0);
};
/** `withDefault(orExpression(z.boolean()), false)` */
const flagOrFalse: FieldReader = (v) => (isNullish(v) ? false : typeof v === "boolean" || isSpelTemplate(v) ? v : UNSURE);
/** `withDefault(orExpression(z.number().int().min(0)), 0)` */
const countOrZero: FieldReader = (v) => (isNullish(v) ? 0 : (Number.isSafeInteger(v) && (v as number) >= 0) || isSpelTemplate(v) ? v : UNSURE);
/** `orExpression(z.enum(["v2", "v3", "v4"])).nullish()` */
const spelEvaluator: FieldReader = (v) => (isNullish(v) || v === "v2" || v === "v3" || v === "v4" || isSpelTemplate(v) ? v : UNSURE);

/** `z.number().int().min(min).max(max)` */
const integerIn =
  (min: number, max: number): FieldReader =>
  (v) =>
    Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max ? v : UNSURE;
/** `z.string()` */
const string: FieldReader = (v) => (typeof v === "string" ? v : UNSURE);
/** `z.unknown()` (a copy) */
const anything: FieldReader = (v) => copyPlain(v, 1);
/** `z.looseObject({})` (a copy) */
const object: FieldReader = (v) => (isPlainRecord(v) ? copyPlain(v, 1) : UNSURE);
/** `z.record(z.string(), z.unknown())` (a copy); zod rejects symbol keys, which a copy would drop */
const record: FieldReader = (v) => (isPlainRecord(v) && Object.getOwnPropertySymbols(v).length === 0 ? copyPlain(v, 1) : UNSURE);
/** `schema.nullish()`, given a reader of `schema` */
const nullish =
  (read: FieldReader): FieldReader =>
  (v) =>
    isNullish(v) ? v : read(v);
/** `orExpression(schema)`, given a reader of `schema` that takes no string */
const orExpression =
  (read: FieldReader): FieldReader =>
  (v) =>
    isSpelTemplate(v) ? v : read(v);
/** An hour of a time window: `orExpression(z.number().int().min(0).max(23))` */
const hour = orExpression(integerIn(0, 23));
/** A minute of a time window: `orExpression(z.number().int().min(0).max(59))` */
const minute = orExpression(integerIn(0, 59));
/** `z.array(schema)`, given a reader of `schema` (a copy) */
const arrayOf =
  (read: FieldReader): FieldReader =>
  (v) => {
    if (!isPlainArray(v)) return UNSURE;
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (item === undefined && !(i in v)) return UNSURE;
      const parsed = read(item);
      if (parsed === UNSURE) return UNSURE;
      out.push(parsed);
    }
    return out;
  };

/**
 * A reader of `schema`, a loose object: a copy of a plain record whose fields are read by `fast`
 * where given and by their own schema otherwise, unknown fields copied. A schema with refinements
 * across its fields is left to zod whole.
 */
function looseObject(schema: z.ZodObject, fast: Record<string, FieldReader>): FieldReader {
  if ((schema._zod.def.checks ?? []).length > 0) return (v) => readBySchema(schema, v);
  const fields = readers(schema.shape, fast);
  const required = requiredFields(schema.shape);
  return (v) => {
    if (!isPlainRecord(v)) return UNSURE;
    const out: Record<string, unknown> = {};
    for (const key in v) {
      const read = fields.get(key);
      const parsed = read !== undefined ? read(v[key]) : key === "__proto__" ? UNSURE : copyPlain(v[key], 1);
      if (parsed === UNSURE) return UNSURE;
      out[key] = parsed;
    }
    for (const key of required) if (!Object.hasOwn(out, key)) return UNSURE;
    return out;
  };
}

/**
 * A reader for every field of `shape`: `fast` where given, the field's own schema otherwise (so a
 * field added to the schema is checked by it until it gets a reader here).
 */
function readers(shape: Record<string, z.ZodType>, fast: Record<string, FieldReader>): Map<string, FieldReader> {
  const map = new Map<string, FieldReader>();
  for (const [key, schema] of Object.entries(shape)) map.set(key, fast[key] ?? ((value) => readBySchema(schema, value)));
  return map;
}

const notifications = nullish(
  orExpression(
    arrayOf(
      looseObject(NotificationSchema, {
        type: nullishString,
        address: nullishString,
        when: nullish(orExpression(arrayOf(string))),
        message: nullish(record),
        level: nullishString,
      }),
    ),
  ),
);

const triggers = nullish(
  orExpression(
    arrayOf(
      looseObject(TriggerSchema, {
        type: nullishString,
        user: nullishString,
        parameters: nullish(record),
        artifacts: nullish(orExpression(arrayOf(anything))),
        correlationId: nullishString,
        notifications,
        dryRun: flag,
        enabled: flag,
        pipeline: nullishString,
        status: nullish(orExpression(arrayOf(string))),
        parentPipelineStageId: nullishString,
      }),
    ),
  ),
);

/** Without the check of duplicate names (see readParameterConfig). */
const parameters = nullish(
  arrayOf(
    looseObject(ParameterConfigSchema, {
      name: nonEmptyString,
      default: anything,
      description: nullishString,
      required: flag,
      options: nullish(orExpression(arrayOf(object))),
      label: nullishString,
      pinned: flag,
      hasOptions: flag,
    }),
  ),
);

const PIPELINE_READERS = readers(PipelineConfigSchema.shape, {
  id: nullishString,
  application: nullishString,
  name: nullishString,
  executionId: nullishString,
  origin: nullishString,
  limitConcurrent: flagOrFalse,
  maxConcurrentExecutions: countOrZero,
  keepWaitingPipelines: flagOrFalse,
  spelEvaluator,
  disabled: flag,
  startTimeExpiry: finite,
  triggers,
  notifications,
  expectedArtifacts: nullish(orExpression(arrayOf(object))),
  templateVariables: nullish(record),
  initialConfig: nullish(record),
});

const STAGE_READERS = readers(StageConfigSchema.shape, {
  type: nonEmptyString,
  refId,
  name: nullishString,
  requisiteStageRefIds: refIds,
  stageEnabled,
  failPipeline: flag,
  continuePipeline: flag,
  completeOtherBranchesThenFail: flag,
  failOnFailedExpressions: flag,
  restrictExecutionDuringTimeWindow: flag,
  restrictedExecutionWindow: nullish(
    looseObject(ExecutionWindowSchema, {
      whitelist: nullish(orExpression(arrayOf(looseObject(TimeWindowSchema, { startHour: hour, startMin: minute, endHour: hour, endMin: minute })))),
      days: nullish(orExpression(arrayOf(integerIn(1, 7)))),
      // jitter: by its schema, which compares its delays
      timezone: nullish((v) => (typeof v === "string" && (isSpelTemplate(v) || isKnownTimeZone(v)) ? v : UNSURE)),
    }),
  ),
  stageTimeoutMs: nonNegative,
  backoffPeriodMs: nonNegative,
  markSuccessfulOnTimeout: flag,
  sendNotifications: flag,
  comments: nullishString,
  manualSkip: flag,
  skipRemainingWait: flag,
  startTimeExpiry: finite,
  notifications,
});

/**
 * Fields zod gives a value when absent, with that value and their schema, in schema order (which is
 * where they end up: after the fields of the input). An object default is made anew each time.
 */
const PIPELINE_DEFAULTS: [string, unknown, z.ZodType][] = Object.entries(PipelineConfigSchema.shape).flatMap(([key, schema]) => {
  const absent = (schema as z.ZodType).safeParse(undefined);
  return absent.success && absent.data !== undefined ? [[key, absent.data, schema] as [string, unknown, z.ZodType]] : [];
});

/** Fields an object of `shape` must have: an absent one is a problem. */
function requiredFields(shape: Record<string, z.ZodType>): string[] {
  return Object.entries(shape).flatMap(([key, schema]) => (schema.safeParse(undefined).success ? [] : [key]));
}

/** `stages`. */
const PIPELINE_REQUIRED = requiredFields(PipelineConfigSchema.shape);
/** `type`. */
const STAGE_REQUIRED = requiredFields(StageConfigSchema.shape);

/** A known field of pipelines or stages: its reader, whether it is required, and its bit among {@link PIPELINE_DEFAULTS} (or 0). */
interface Field {
  read: FieldReader;
  required: boolean;
  defaultBit: number;
}

/** The known fields of an object, from their readers; `defaults` lists those with defaults (at most 31). */
function fieldTable(readerMap: ReadonlyMap<string, FieldReader>, required: readonly string[], defaults: readonly string[]): Map<string, Field> {
  if (defaults.length > 31) throw new Error("too many fields with defaults for a bit set");
  const table = new Map<string, Field>();
  for (const [key, read] of readerMap) {
    const index = defaults.indexOf(key);
    table.set(key, { read, required: required.includes(key), defaultBit: index < 0 ? 0 : 1 << index });
  }
  for (const key of [...required, ...defaults]) if (!table.has(key)) throw new Error(`no reader for field ${key}`);
  return table;
}

const PIPELINE_FIELDS = fieldTable(
  PIPELINE_READERS,
  PIPELINE_REQUIRED,
  PIPELINE_DEFAULTS.map(([key]) => key),
);
const PIPELINE_REQUIRED_COUNT = PIPELINE_REQUIRED.length;
const STAGE_FIELDS = fieldTable(STAGE_READERS, STAGE_REQUIRED, []);
const STAGE_REQUIRED_COUNT = STAGE_REQUIRED.length;

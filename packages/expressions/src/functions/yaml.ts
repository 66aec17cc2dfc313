/**
 * YAML the way Orca reads it: SnakeYAML 1.x with the safe constructor (YAML 1.1 implicit types,
 * no arbitrary tags), producing the evaluator's value model. Parsing uses the `yaml` package only
 * for syntax; every scalar is resolved and constructed here with SnakeYAML's rules.
 * @module
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Scalar } from "yaml";
import { JavaArray, JavaDouble, JavaInstance, JavaLong } from "../values/boxes.js";
import { javaEquals } from "../values/equality.js";
import { javaToString } from "../values/format.js";
import { defineFunction, type ExpressionFunction } from "./function.js";
import { javaParseDouble } from "./strings.js";
import { helperError, javaException, newMap, nullPointer } from "./support.js";

const TAG = "tag:yaml.org,2002:";
/** SnakeYAML's `LoaderOptions.maxAliasesForCollections` default. */
const MAX_COLLECTION_ALIASES = 50;
/** SnakeYAML's `LoaderOptions.nestingDepthLimit` default (flow collections). */
const MAX_FLOW_DEPTH = 50;
/** SnakeYAML's `LoaderOptions.codePointLimit` default (3 MiB). */
const MAX_CODE_POINTS = 3 * 1024 * 1024;

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A `java.util.Date`, as SnakeYAML constructs YAML timestamps (`2001-12-14`). Prints like Java's
 * `Date.toString()` in UTC (`Fri Dec 14 00:00:00 UTC 2001`); Jackson writes it as epoch millis.
 */
export class JavaDate extends JavaInstance {
  /** `java.util.Date`. */
  readonly javaClassName = "java.util.Date";
  /** @param time epoch milliseconds */
  constructor(readonly time: number) {
    super();
  }
  /** Java's `Date.toString()` (UTC). */
  override toString(): string {
    const d = new Date(this.time);
    const p = (n: number): string => String(n).padStart(2, "0");
    return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
  }
  /** Jackson's default: the epoch milliseconds. */
  override toJSON(): number {
    return this.time;
  }
  /** Equal to a date with the same time. */
  override javaEquals(other: unknown): boolean {
    return other instanceof JavaDate && other.time === this.time;
  }
}

// SnakeYAML 1.33 Resolver patterns (implicit resolution of plain scalars), in resolver order.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT =
  /^(?:[-+]?0b_*[0-1][0-1_]*|[-+]?0_*[0-7][0-7_]*|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^([-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const MERGE = /^(?:<<)$/;
const NULL = /^(?:~|null|Null|NULL| )$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

/** The implicit tag SnakeYAML gives a plain scalar. */
function resolvePlain(v: string): string {
  if (v === "") return TAG + "null";
  const c = v.charAt(0);
  if ("yYnNtTfFoO".includes(c) && BOOL.test(v)) return TAG + "bool";
  if ("-+0123456789".includes(c) && INT.test(v)) return TAG + "int";
  if ("-+0123456789.".includes(c) && FLOAT.test(v)) return TAG + "float";
  if (c === "<" && MERGE.test(v)) return TAG + "merge";
  if ("~nN".includes(c) && NULL.test(v)) return TAG + "null";
  if ("0123456789".includes(c) && TIMESTAMP.test(v)) return TAG + "timestamp";
  return TAG + "str";
}

function constructorError(message: string): Error {
  return javaException("ConstructorException", message);
}

// Digits of Integer.MAX_VALUE / Long.MAX_VALUE per radix (SnakeYAML's RADIX_MAX).
const RADIX_MAX: Record<number, [number, number]> = { 2: [31, 63], 8: [11, 21], 10: [10, 19], 16: [8, 16] };

const RADIX_DIGITS: Record<number, RegExp> = { 2: /^[-+]?[01]+$/, 8: /^[-+]?[0-7]+$/, 10: /^[-+]?[0-9]+$/, 16: /^[-+]?[0-9a-fA-F]+$/ };

/** Java's `new BigInteger(s, radix)` for radix 2, 8, 10 or 16. */
function parseRadix(s: string, radix: number): bigint {
  if (!RADIX_DIGITS[radix]!.test(s)) throw javaException("NumberFormatException", `For input string: "${s}"`, "NUMBER_FORMAT");
  const negative = s.startsWith("-");
  const digits = s.replace(/^[-+]/, "");
  const prefix = radix === 2 ? "0b" : radix === 8 ? "0o" : radix === 16 ? "0x" : "";
  const v = BigInt(prefix + digits);
  return negative ? -v : v;
}

const fitsInt = (v: bigint): boolean => v >= -(2n ** 31n) && v <= 2n ** 31n - 1n;
const fitsLong = (v: bigint): boolean => v >= -(2n ** 63n) && v <= 2n ** 63n - 1n;

/** SnakeYAML's `createNumber`: Integer, else Long, else BigInteger (with its digit-count shortcut). */
function createNumber(sign: number, digits: string, radix: number): unknown {
  const [maxInt, maxLong] = RADIX_MAX[radix]!;
  const v = parseRadix((sign < 0 ? "-" : "") + digits, radix);
  if (digits.length > maxInt) {
    if (digits.length > maxLong) return v;
    return fitsLong(v) ? new JavaLong(v) : v;
  }
  if (fitsInt(v)) return Number(v);
  return fitsLong(v) ? new JavaLong(v) : v;
}

/** SnakeYAML's `ConstructYamlInt`. */
function constructInt(text: string): unknown {
  let value = text.replace(/_/g, "");
  if (value === "") throw constructorError("while constructing an int\nfound empty value");
  let sign = 1;
  const first = value.charAt(0);
  if (first === "-") {
    sign = -1;
    value = value.slice(1);
  } else if (first === "+") value = value.slice(1);
  if (value === "0") return 0;
  if (value.startsWith("0b")) return createNumber(sign, value.slice(2), 2);
  if (value.startsWith("0x")) return createNumber(sign, value.slice(2), 16);
  if (value.startsWith("0")) return createNumber(sign, value.slice(1), 8);
  if (value.includes(":")) {
    const parts = value.split(":");
    let bes = 1;
    let val = 0; // a Java int: the sum wraps
    for (let i = parts.length - 1; i >= 0; i--) {
      const d = parseRadix(parts[i]!, 10);
      val = Number(BigInt.asIntN(32, BigInt(val) + d * BigInt(bes)));
      bes = Math.imul(bes, 60);
    }
    return createNumber(sign, String(val), 10);
  }
  return createNumber(sign, value, 10);
}

/** SnakeYAML's `ConstructYamlFloat`. */
function constructFloat(text: string): JavaDouble {
  let value = text.replace(/_/g, "");
  if (value === "") throw constructorError("while constructing a float\nfound empty value");
  let sign = 1;
  const first = value.charAt(0);
  if (first === "-") {
    sign = -1;
    value = value.slice(1);
  } else if (first === "+") value = value.slice(1);
  const lower = value.toLowerCase();
  if (lower === ".inf") return new JavaDouble(sign * Infinity);
  if (lower === ".nan") return new JavaDouble(NaN);
  if (value.includes(":")) {
    const parts = value.split(":");
    let bes = 1;
    let val = 0;
    for (let i = parts.length - 1; i >= 0; i--) {
      val += javaParseDouble(parts[i]!) * bes;
      bes *= 60;
    }
    return new JavaDouble(sign * val);
  }
  return new JavaDouble(javaParseDouble(value) * sign);
}

const YMD = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/;
const TS =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(?:Z|([-+][0-9]{1,2})(?::([0-9]{2}))?))?)?$/;

/** SnakeYAML's `ConstructYamlTimestamp`. */
function constructTimestamp(text: string): JavaDate {
  const ymd = YMD.exec(text);
  if (ymd) return new JavaDate(Date.UTC(Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3])));
  const m = TS.exec(text);
  if (!m) throw constructorError(`Unexpected timestamp: ${text}`);
  const ms = Number(((m[7] ?? "") + "000").slice(0, 3));
  let t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms);
  if (m[8] !== undefined) {
    const h = Number(m[8]);
    const mins = Number(m[9] ?? 0) * (m[8].startsWith("-") ? -1 : 1);
    t -= (h * 60 + mins) * 60_000;
  }
  return new JavaDate(t);
}

function constructBinary(text: string): JavaArray {
  const clean = text.replace(/\s/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    throw javaException("IllegalArgumentException", "Length of Base64 encoded input string is not a multiple of 4.");
  }
  const bytes = Buffer.from(clean, "base64");
  return new JavaArray(Array.from(bytes, (b) => (b > 127 ? b - 256 : b)), "byte");
}

/** An ordered map keyed by constructed values: null-prototype object when every key is a String, else a JS Map. */
class MapBuilder {
  readonly keys: unknown[] = [];
  readonly values: unknown[] = [];
  readonly #stringIndex = new Map<string, number>();

  indexOf(key: unknown): number {
    if (typeof key === "string") return this.#stringIndex.get(key) ?? -1;
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i];
      if (typeof k !== "string" && javaEquals(k, key)) return i;
    }
    return -1;
  }

  /** Java's `LinkedHashMap.put`: a new key goes last, an existing key keeps its place. */
  put(key: unknown, value: unknown, override = true): void {
    const i = this.indexOf(key);
    if (i >= 0) {
      if (override) this.values[i] = value;
      return;
    }
    if (typeof key === "string") this.#stringIndex.set(key, this.keys.length);
    this.keys.push(key);
    this.values.push(value);
  }

  build(): Record<string, unknown> | Map<unknown, unknown> {
    if (this.keys.every((k) => typeof k === "string")) {
      const o = newMap();
      this.keys.forEach((k, i) => {
        o[k as string] = this.values[i];
      });
      return o;
    }
    return new Map(this.keys.map((k, i) => [k, this.values[i]]));
  }
}

type Pair = { key: unknown; value: unknown };

class Constructor {
  readonly #done = new Map<Node, unknown>();
  readonly #inProgress = new Set<Node>();
  #aliases = 0;

  constructor(readonly doc: Document.Parsed) {}

  deref(node: unknown): Node | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) throw javaException("ComposerException", `found undefined alias ${node.source}`);
      if (!isScalar(target) && ++this.#aliases > MAX_COLLECTION_ALIASES) {
        throw javaException("YAMLException", `Number of aliases for non-scalar nodes exceeds the specified max=${MAX_COLLECTION_ALIASES}`);
      }
      return target;
    }
    return node as Node;
  }

  tagOf(node: Node): string {
    const tag = node.tag;
    if (isScalar(node)) {
      if (tag === undefined) return node.type === "PLAIN" ? resolvePlain(String(node.source ?? node.value ?? "")) : TAG + "str";
      return tag === "!" ? TAG + "str" : tag;
    }
    if (tag === undefined || tag === "!") return isSeq(node) ? TAG + "seq" : TAG + "map";
    return tag;
  }

  construct(raw: unknown, depth: number): unknown {
    const node = this.deref(raw);
    if (node === null) return null;
    if (this.#done.has(node)) return this.#done.get(node);
    if (this.#inProgress.has(node)) throw javaException("YAMLException", "Recursive structures are not supported");
    const tag = this.tagOf(node);
    if (isScalar(node)) {
      const v = this.scalar(node, tag);
      this.#done.set(node, v);
      return v;
    }
    const flow = (node as { flow?: boolean }).flow === true;
    const nextDepth = flow ? depth + 1 : depth;
    if (nextDepth > MAX_FLOW_DEPTH) throw javaException("YAMLException", `Nesting Depth exceeded max ${MAX_FLOW_DEPTH}`);
    this.#inProgress.add(node);
    try {
      const v = this.collection(node, tag, nextDepth);
      this.#done.set(node, v);
      return v;
    } finally {
      this.#inProgress.delete(node);
    }
  }

  scalar(node: Scalar, tag: string): unknown {
    const text = String(node.source ?? node.value ?? "");
    switch (tag) {
      case TAG + "str":
        return text;
      case TAG + "null":
        return null;
      case TAG + "bool": {
        const l = text.toLowerCase();
        return l === "yes" || l === "true" || l === "on" ? true : l === "no" || l === "false" || l === "off" ? false : null;
      }
      case TAG + "int":
        return constructInt(text);
      case TAG + "float":
        return constructFloat(text);
      case TAG + "timestamp":
        return constructTimestamp(text);
      case TAG + "binary":
        return constructBinary(text);
      case TAG + "merge":
        return "<<";
      default:
        throw constructorError(`could not determine a constructor for the tag ${tag}`);
    }
  }

  collection(node: Node, tag: string, depth: number): unknown {
    if (isSeq(node)) {
      switch (tag) {
        case TAG + "seq":
          return node.items.map((n) => this.construct(n, depth));
        case TAG + "omap":
        case TAG + "pairs": {
          const pairs: Pair[] = [];
          for (const item of node.items) {
            const m = this.deref(item);
            if (!m || !isMap(m) || m.items.length !== 1) {
              throw constructorError(`while constructing an ordered map\nexpected a single mapping item, but found ${m && isSeq(m) ? "sequence" : "scalar"}`);
            }
            const p = m.items[0]!;
            pairs.push({ key: this.construct(p.key, depth), value: this.construct(p.value, depth) });
          }
          if (tag === TAG + "pairs") return pairs.map((p) => new JavaArray([p.key, p.value], "java.lang.Object"));
          const b = new MapBuilder();
          for (const p of pairs) b.put(p.key, p.value);
          return b.build();
        }
        case TAG + "str":
        case TAG + "set":
        case TAG + "map":
          throw javaException("ClassCastException", `a sequence cannot be constructed as ${tag}`);
        default:
          throw constructorError(`could not determine a constructor for the tag ${tag}`);
      }
    }
    if (isMap(node)) {
      switch (tag) {
        case TAG + "map": {
          const b = new MapBuilder();
          this.mergeInto(node, true, b, depth);
          return b.build();
        }
        case TAG + "set": {
          const b = new MapBuilder();
          for (const p of node.items) b.put(this.construct(p.key, depth), null);
          return new Set(b.keys);
        }
        case TAG + "omap":
          throw constructorError("while constructing an ordered map\nexpected a sequence, but found mapping");
        case TAG + "str":
        case TAG + "seq":
          throw javaException("ClassCastException", `a mapping cannot be constructed as ${tag}`);
        default:
          throw constructorError(`could not determine a constructor for the tag ${tag}`);
      }
    }
    throw constructorError("unexpected node");
  }

  /** SnakeYAML's `flattenMapping`/`mergeNode`: `<<` merges, explicit keys win, positions of first appearance. */
  mergeInto(node: Node, preferred: boolean, b: MapBuilder, depth: number): void {
    if (!isMap(node)) return;
    for (const p of node.items) {
      const keyNode = this.deref(p.key);
      if (keyNode && isScalar(keyNode) && this.tagOf(keyNode) === TAG + "merge") {
        const v = this.deref(p.value);
        if (v && isMap(v)) {
          this.mergeInto(v, false, b, depth);
        } else if (v && isSeq(v)) {
          for (const sub of v.items) {
            const m = this.deref(sub);
            if (!m || !isMap(m)) throw constructorError("while constructing a mapping\nexpected a mapping for merging, but found " + (m && isSeq(m) ? "sequence" : "scalar"));
            this.mergeInto(m, false, b, depth);
          }
        } else {
          throw constructorError("while constructing a mapping\nexpected a mapping or list of mappings for merging, but found scalar");
        }
        continue;
      }
      const key = this.construct(p.key, depth);
      const had = b.indexOf(key) >= 0;
      if (!had || preferred) b.put(key, this.construct(p.value, depth), true);
    }
  }
}

function yamlDocuments(text: string): Document.Parsed[] {
  if ([...text].length > MAX_CODE_POINTS) {
    throw javaException("YAMLException", `The incoming YAML document exceeds the limit: ${MAX_CODE_POINTS} code points.`);
  }
  const docs = parseAllDocuments(text, { version: "1.1", schema: "failsafe", uniqueKeys: false, merge: false, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  for (const d of docs) {
    const err = d.errors[0];
    if (err) throw javaException("ParserException", err.message);
  }
  return docs;
}

function constructDocument(doc: Document.Parsed): unknown {
  return new Constructor(doc).construct(doc.contents, 0);
}

/**
 * Reads a single YAML document as SnakeYAML's `new Yaml(new SafeConstructor()).load(text)`:
 * YAML 1.1 scalars (`yes`/`on` → true, `0x1F`/`017`/`1_000`/`1:30` → int, `1e3` → double,
 * `2001-12-14` → a {@link JavaDate}), `!!set`, `!!omap`, `!!binary`, merge keys; any other tag fails;
 * an empty stream gives null and several documents fail.
 */
export function readYamlText(text: string): unknown {
  const docs = yamlDocuments(text);
  if (docs.length === 0) return null;
  if (docs.length > 1) throw javaException("ComposerException", "expected a single document in the stream\n but found another document");
  return constructDocument(docs[0]!);
}

/** Reads every document of a YAML stream (SnakeYAML `loadAll`), see {@link readYamlText}. */
export function readAllYamlText(text: string): unknown[] {
  return yamlDocuments(text).map(constructDocument);
}

/** `#readYaml(String)`: one YAML document as a value (safe constructor, YAML 1.1 scalars). */
export const readYaml: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Parses a single YAML document",
  invoke(_env, text) {
    try {
      if (text == null) throw nullPointer("String.length()");
      return readYamlText(String(text));
    } catch (e) {
      throw helperError(`#readYaml(${javaToString(text)}) failed`, e);
    }
  },
});

/** `#readAllYaml(String)`: every document of a YAML stream, as a List. */
export const readAllYaml: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Parses every document of a YAML stream into a List",
  invoke(_env, text) {
    try {
      if (text == null) throw nullPointer("String.length()");
      return readAllYamlText(String(text));
    } catch (e) {
      throw helperError(`#readAllYaml(${javaToString(text)}) failed`, e);
    }
  },
});

/**
 * `java.util.UUID`: `randomUUID` (from the environment's random source), `fromString` with Java's
 * lenient parsing and exceptions, `new UUID(long, long)`, and the instance methods.
 * @module
 */
import { JavaInstance } from "../../values/boxes.js";
import type { InvocationEnv, JavaClassDef } from "../class.js";
import { argLong, argString, ctor, illegalArgument, long, method, numberFormat, sign, staticMethod } from "./util.js";

const UUID_CLASS = "java.util.UUID";

/** An emulated `java.util.UUID`: two signed 64-bit halves. */
export class JavaUUID extends JavaInstance {
  readonly javaClassName = UUID_CLASS;
  /** @param msb most significant 64 bits (signed) @param lsb least significant 64 bits (signed) */
  constructor(
    readonly msb: bigint,
    readonly lsb: bigint,
  ) {
    super();
  }
  /** Java's `toString`: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
  override toString(): string {
    const hex = BigInt.asUintN(64, this.msb).toString(16).padStart(16, "0") + BigInt.asUintN(64, this.lsb).toString(16).padStart(16, "0");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  /** Java's `equals`: same bits. */
  override javaEquals(other: unknown): boolean {
    return other instanceof JavaUUID && other.msb === this.msb && other.lsb === this.lsb;
  }
  /** Java's `compareTo`: signed comparison of the high, then the low half. */
  compareTo(other: JavaUUID): number {
    return sign(this.msb - other.msb) || sign(this.lsb - other.lsb);
  }
  /** Java's `hashCode`. */
  hashCode(): number {
    const hilo = BigInt.asUintN(64, this.msb ^ this.lsb);
    return Number(BigInt.asIntN(32, (hilo >> 32n) ^ hilo));
  }
}

/** Java's `Long.parseLong(CharSequence, begin, end, 16)` as used by `UUID.fromString`. */
function parseHex(s: string, begin: number, end: number): bigint {
  if (begin >= end) throw numberFormat("");
  const seg = s.slice(begin, end);
  let i = 0;
  let neg = false;
  if (seg[0] === "-" || seg[0] === "+") {
    neg = seg[0] === "-";
    i = 1;
    if (seg.length === 1) throw numberFormat(`Error at index 0 in: "${seg}"`);
  }
  let v = 0n;
  for (; i < seg.length; i++) {
    const d = parseInt(seg[i]!, 16);
    if (Number.isNaN(d)) throw numberFormat(`Error at index ${i} in: "${seg}"`);
    v = v * 16n + BigInt(d);
    if (v > 2n ** 63n) throw numberFormat(`Error at index ${i} in: "${seg}"`);
  }
  if (neg) v = -v;
  if (v > 2n ** 63n - 1n) throw numberFormat(`Error at index ${seg.length - 1} in: "${seg}"`);
  return v;
}

/** Java's `UUID.fromString`. */
export function uuidFromString(name: string): JavaUUID {
  if (name.length > 36) throw illegalArgument("UUID string too large");
  const d1 = name.indexOf("-");
  const d2 = name.indexOf("-", d1 + 1);
  const d3 = name.indexOf("-", d2 + 1);
  const d4 = name.indexOf("-", d3 + 1);
  const d5 = name.indexOf("-", d4 + 1);
  if (d1 < 0 || d2 < 0 || d3 < 0 || d4 < 0 || d5 >= 0) throw illegalArgument(`Invalid UUID string: ${name}`);
  let msb = parseHex(name, 0, d1) & 0xffffffffn;
  msb = (msb << 16n) | (parseHex(name, d1 + 1, d2) & 0xffffn);
  msb = (msb << 16n) | (parseHex(name, d2 + 1, d3) & 0xffffn);
  let lsb = parseHex(name, d3 + 1, d4) & 0xffffn;
  lsb = (lsb << 48n) | (parseHex(name, d4 + 1, name.length) & 0xffffffffffffn);
  return new JavaUUID(BigInt.asIntN(64, msb), BigInt.asIntN(64, lsb));
}

/** A version-4 UUID from 16 bytes drawn from `env.random()`. */
export function randomUUID(env: InvocationEnv): JavaUUID {
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) bytes.push(Math.floor(env.random() * 256) & 0xff);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  let msb = 0n;
  let lsb = 0n;
  for (let i = 0; i < 8; i++) msb = (msb << 8n) | BigInt(bytes[i]!);
  for (let i = 8; i < 16; i++) lsb = (lsb << 8n) | BigInt(bytes[i]!);
  return new JavaUUID(BigInt.asIntN(64, msb), BigInt.asIntN(64, lsb));
}

const self = (t: unknown): JavaUUID => t as JavaUUID;

/** `java.util.UUID`. */
export const UUID: JavaClassDef = {
  name: UUID_CLASS,
  supers: ["java.lang.Comparable", "java.io.Serializable"],
  constructors: [ctor(["long", "long"], UUID_CLASS, ([m, l]) => new JavaUUID(argLong(m), argLong(l)))],
  methods: [
    staticMethod("randomUUID", [], UUID_CLASS, (_a, env) => randomUUID(env)),
    staticMethod("fromString", ["java.lang.String"], UUID_CLASS, ([s]) => uuidFromString(argString(s))),
    method("toString", [], "java.lang.String", (t) => self(t).toString()),
    method("equals", ["java.lang.Object"], "boolean", (t, [o]) => self(t).javaEquals(o)),
    method("hashCode", [], "int", (t) => self(t).hashCode()),
    method("compareTo", [UUID_CLASS], "int", (t, [o]) => self(t).compareTo(o as JavaUUID)),
    method("getMostSignificantBits", [], "long", (t) => long(self(t).msb)),
    method("getLeastSignificantBits", [], "long", (t) => long(self(t).lsb)),
    method("version", [], "int", (t) => Number((self(t).msb >> 12n) & 0xfn)),
    method("variant", [], "int", (t) => {
      const l = self(t).lsb;
      const u = BigInt.asUintN(64, l);
      return Number(BigInt.asIntN(32, (u >> (64n - (u >> 62n))) & (l >> 63n)));
    }),
  ],
};

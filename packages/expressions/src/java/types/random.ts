/**
 * `java.util.Random` with Java's exact 48-bit linear congruential generator, so a seeded
 * `new Random(42)` yields Java's sequence. Unseeded instances take their seed from `env.random()`.
 * @module
 */
import { JavaInstance } from "../../values/boxes.js";
import type { JavaClassDef } from "../class.js";
import { argDouble, argInt, argLong, ctor, double, float, illegalArgument, long, method } from "./util.js";

const RANDOM_CLASS = "java.util.Random";
const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

/** An emulated `java.util.Random`. */
export class JavaRandom extends JavaInstance {
  readonly javaClassName = RANDOM_CLASS;
  #seed = 0n;
  #nextNextGaussian = 0;
  #haveNextNextGaussian = false;
  readonly #id: number;

  /** @param seed the initial seed (scrambled as Java's `setSeed` does) */
  constructor(seed: bigint) {
    super();
    this.setSeed(seed);
    this.#id = Number((seed & 0x7fffffffn) | 0x10000000n);
  }
  /** Java's `setSeed`. */
  setSeed(seed: bigint): void {
    this.#seed = (BigInt.asUintN(64, seed) ^ MULTIPLIER) & MASK;
    this.#haveNextNextGaussian = false;
  }
  /** Java's protected `next(bits)`. */
  next(bits: number): number {
    this.#seed = (this.#seed * MULTIPLIER + ADDEND) & MASK;
    return Number(BigInt.asIntN(32, this.#seed >> BigInt(48 - bits)));
  }
  /** `nextInt()`. */
  nextInt(): number {
    return this.next(32);
  }
  /** `nextInt(bound)`. */
  nextIntBounded(bound: number): number {
    if (bound <= 0) throw illegalArgument("bound must be positive");
    let r = this.next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    for (let u = r; ((u - (r = u % bound) + m) | 0) < 0; u = this.next(31));
    return r;
  }
  /** `nextInt(origin, bound)` (Java 17's `RandomSupport.boundedNextInt`). */
  nextIntRange(origin: number, bound: number): number {
    if (origin >= bound) throw illegalArgument("bound must be greater than origin");
    let r = this.nextInt();
    const n = (bound - origin) | 0;
    const m = (n - 1) | 0;
    if ((n & m) === 0) return ((r & m) + origin) | 0;
    if (n > 0) {
      for (let u = r >>> 1; ((u + m - (r = u % n)) | 0) < 0; u = this.nextInt() >>> 1);
      return (r + origin) | 0;
    }
    while (r < origin || r >= bound) r = this.nextInt();
    return r;
  }
  /** `nextLong()`. */
  nextLong(): bigint {
    return BigInt.asIntN(64, (BigInt(this.next(32)) << 32n) + BigInt(this.next(32)));
  }
  /** `nextLong(origin, bound)` (Java 17's `RandomSupport.boundedNextLong`). */
  nextLongRange(origin: bigint, bound: bigint): bigint {
    let r = this.nextLong();
    const n = BigInt.asIntN(64, bound - origin);
    const m = BigInt.asIntN(64, n - 1n);
    if ((n & m) === 0n) return BigInt.asIntN(64, (r & m) + origin);
    if (n > 0n) {
      for (
        let u = BigInt.asUintN(64, r) >> 1n;
        BigInt.asIntN(64, u + m - (r = u % n)) < 0n;
        u = BigInt.asUintN(64, this.nextLong()) >> 1n
      );
      return BigInt.asIntN(64, r + origin);
    }
    while (r < origin || r >= bound) r = this.nextLong();
    return r;
  }
  /** `nextLong(bound)`. */
  nextLongBounded(bound: bigint): bigint {
    if (bound <= 0n) throw illegalArgument("bound must be positive");
    const m = bound - 1n;
    let r = this.nextLong();
    if ((bound & m) === 0n) return r & m;
    for (
      let u = BigInt.asUintN(64, r) >> 1n;
      BigInt.asIntN(64, u + m - (r = u % bound)) < 0n;
      u = BigInt.asUintN(64, this.nextLong()) >> 1n
    );
    return r;
  }
  /** `nextDouble()`. */
  nextDouble(): number {
    return (this.next(26) * 134217728 + this.next(27)) * 2 ** -53;
  }
  /** `nextFloat()`. */
  nextFloat(): number {
    return this.next(24) / (1 << 24);
  }
  /** `nextBoolean()`. */
  nextBoolean(): boolean {
    return this.next(1) !== 0;
  }
  /** `nextGaussian()`: Marsaglia's polar method, as Java. */
  nextGaussian(): number {
    if (this.#haveNextNextGaussian) {
      this.#haveNextNextGaussian = false;
      return this.#nextNextGaussian;
    }
    let v1: number;
    let v2: number;
    let s: number;
    do {
      v1 = 2 * this.nextDouble() - 1;
      v2 = 2 * this.nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s === 0);
    const multiplier = Math.sqrt((-2 * Math.log(s)) / s);
    this.#nextNextGaussian = v2 * multiplier;
    this.#haveNextNextGaussian = true;
    return v1 * multiplier;
  }
  /** Java's default `toString`: `java.util.Random@<hash>`. */
  override toString(): string {
    return `${RANDOM_CLASS}@${this.#id.toString(16)}`;
  }
}

function nextDown(d: number): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, d);
  buf.setBigUint64(0, buf.getBigUint64(0) - 1n);
  return buf.getFloat64(0);
}

const self = (t: unknown): JavaRandom => t as JavaRandom;

/** `java.util.Random`. */
export const RANDOM: JavaClassDef = {
  name: RANDOM_CLASS,
  supers: ["java.io.Serializable"],
  constructors: [
    ctor([], RANDOM_CLASS, (_a, env) => new JavaRandom(BigInt(Math.floor(env.random() * 2 ** 48)))),
    ctor(["long"], RANDOM_CLASS, ([s]) => new JavaRandom(argLong(s))),
  ],
  methods: [
    method("nextInt", [], "int", (t) => self(t).nextInt()),
    method("nextInt", ["int"], "int", (t, [b]) => self(t).nextIntBounded(argInt(b))),
    method("nextInt", ["int", "int"], "int", (t, [o, b]) => self(t).nextIntRange(argInt(o), argInt(b))),
    method("nextLong", [], "long", (t) => long(self(t).nextLong())),
    method("nextLong", ["long"], "long", (t, [b]) => long(self(t).nextLongBounded(argLong(b)))),
    method("nextLong", ["long", "long"], "long", (t, [o, b]) => {
      if (argLong(o) >= argLong(b)) throw illegalArgument("bound must be greater than origin");
      return long(self(t).nextLongRange(argLong(o), argLong(b)));
    }),
    method("nextDouble", [], "double", (t) => double(self(t).nextDouble())),
    method("nextDouble", ["double"], "double", (t, [b]) => {
      const bound = argDouble(b);
      if (!(bound > 0 && bound < Infinity)) throw illegalArgument("bound must be finite and positive");
      const r = self(t).nextDouble() * bound;
      return double(r < bound ? r : nextDown(bound));
    }),
    method("nextDouble", ["double", "double"], "double", (t, [o, b]) => {
      const origin = argDouble(o);
      const bound = argDouble(b);
      if (!(origin < bound && bound - origin < Infinity)) throw illegalArgument("bound must be greater than origin");
      const r = self(t).nextDouble() * (bound - origin) + origin;
      return double(r < bound ? r : nextDown(bound));
    }),
    method("nextFloat", [], "float", (t) => float(self(t).nextFloat())),
    method("nextBoolean", [], "boolean", (t) => self(t).nextBoolean()),
    method("nextGaussian", [], "double", (t) => double(self(t).nextGaussian())),
    method("setSeed", ["long"], "void", (t, [s]) => {
      self(t).setSeed(argLong(s));
      return null;
    }),
    method("toString", [], "java.lang.String", (t) => self(t).toString()),
  ],
};

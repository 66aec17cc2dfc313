const MULT_HI = 0x5de; // 0x5DEECE66D split at 24 bits
const MULT_LO = 0xece66d;
const TWO24 = 16777216;

/**
 * Bit-exact emulation of `java.util.Random` (48-bit LCG) for `nextDouble` and `nextGaussian`,
 * so a seed reproduces Kayenta's degenerate-data noise.
 */
export class JavaRandom {
  private hi = 0;
  private lo = 0;
  private nextNextGaussian = 0;
  private haveNextNextGaussian = false;

  /** Creates a generator as `new java.util.Random(seed)` (seed as a Java long). */
  constructor(seed: number | bigint) {
    this.setSeed(seed);
  }

  /** Re-seeds as `Random.setSeed`. */
  setSeed(seed: number | bigint): void {
    const s = (BigInt.asIntN(64, BigInt(seed)) ^ 0x5deece66dn) & 0xffffffffffffn;
    this.hi = Number(s >> 24n);
    this.lo = Number(s & 0xffffffn);
    this.haveNextNextGaussian = false;
  }

  /** `Random.next(bits)` for bits <= 31. */
  next(bits: number): number {
    const prodLo = this.lo * MULT_LO + 0xb;
    const carry = Math.floor(prodLo / TWO24);
    const newLo = prodLo - carry * TWO24;
    const newHi = (this.hi * MULT_LO + this.lo * MULT_HI + carry) % TWO24;
    this.hi = newHi;
    this.lo = newLo;
    // (seed >>> (48 - bits)) for bits in [1, 31]
    const shift = 48 - bits;
    if (shift >= 24) return Math.floor(newHi / 2 ** (shift - 24));
    return newHi * 2 ** (24 - shift) + Math.floor(newLo / 2 ** shift);
  }

  /** `Random.nextDouble()`: 53 random bits in [0, 1). */
  nextDouble(): number {
    return (this.next(26) * 134217728 + this.next(27)) * 1.1102230246251565e-16;
  }

  /** `Random.nextGaussian()`: Marsaglia polar method with the cached second value. */
  nextGaussian(): number {
    if (this.haveNextNextGaussian) {
      this.haveNextNextGaussian = false;
      return this.nextNextGaussian;
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
    this.nextNextGaussian = v2 * multiplier;
    this.haveNextNextGaussian = true;
    return v1 * multiplier;
  }
}

/**
 * Boxes for the Java values that a plain JavaScript value cannot express on its own.
 *
 * The evaluator's value model ("every value knows its Java kind"):
 *
 * | JavaScript value                          | Java kind                                    |
 * | ----------------------------------------- | -------------------------------------------- |
 * | `string`                                  | `java.lang.String`                           |
 * | `boolean`                                 | `java.lang.Boolean`                          |
 * | `null` / `undefined`                      | `null`                                       |
 * | `number`, integral, in int32 range        | `java.lang.Integer`                          |
 * | `number`, integral, outside int32 range   | `java.lang.Long` (as Jackson reads JSON)     |
 * | `number`, fractional or non-finite        | `java.lang.Double`                           |
 * | {@link JavaLong}                          | `java.lang.Long` (exact 64-bit)              |
 * | {@link JavaDouble}                        | `java.lang.Double` (also integral: `3.0`)    |
 * | {@link JavaFloat}                         | `java.lang.Float`                            |
 * | {@link JavaChar}                          | `java.lang.Character`                        |
 * | `Array`                                   | `java.util.List`                             |
 * | {@link JavaArray}                         | a Java array (`String[]` from `split`, ...)  |
 * | plain object (prototype `Object` or null) | `java.util.Map` with String keys             |
 * | `Map`                                     | `java.util.Map` with any keys (`{1:'a'}`)    |
 * | {@link JavaInstance}                      | an emulated allow-listed Java object         |
 *
 * @module
 */

/** A Java `long`: exact signed 64-bit integer. */
export class JavaLong {
  /** @param value the value, already wrapped to 64 bits */
  constructor(readonly value: bigint) {}
  /** JSON form: a number when exactly representable, else the decimal string. */
  toJSON(): number | string {
    const n = Number(this.value);
    return BigInt(n) === this.value ? n : this.value.toString();
  }
  /** Java's `Long.toString`. */
  toString(): string {
    return this.value.toString();
  }
}

/** A Java `double`, used wherever the value's kind must stay `double` (for example `3.0`). */
export class JavaDouble {
  /** @param value the IEEE-754 double */
  constructor(readonly value: number) {}
  /** JSON form: the number (non-finite values become their Java names). */
  toJSON(): number | string {
    return Number.isFinite(this.value) ? this.value : String(this.value);
  }
}

/** A Java `float` (32-bit). */
export class JavaFloat {
  /** @param value the value; it is rounded to 32-bit precision */
  readonly value: number;
  constructor(value: number) {
    this.value = Math.fround(value);
  }
  /** JSON form: the number (non-finite values become their Java names). */
  toJSON(): number | string {
    return Number.isFinite(this.value) ? this.value : String(this.value);
  }
}

/** A Java `char` (one UTF-16 code unit). */
export class JavaChar {
  /** @param code the UTF-16 code unit */
  constructor(readonly code: number) {}
  /** The one-character string. */
  toString(): string {
    return String.fromCharCode(this.code);
  }
  /** JSON form: the one-character string. */
  toJSON(): string {
    return this.toString();
  }
}

/** A Java array, such as the `String[]` that `split` returns (`.length` works, `.size()` does not). */
export class JavaArray {
  /**
   * @param items the elements
   * @param componentType the Java component type name, for example `java.lang.String` or `int`
   */
  constructor(
    readonly items: unknown[],
    readonly componentType: string,
  ) {}
  /** JSON form: the elements. */
  toJSON(): unknown[] {
    return this.items;
  }
}

/** A `Map.Entry`, as seen by selection over a map (`key`, `value`) and `entrySet()`. */
export class JavaMapEntry {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
  ) {}
  /** JSON form: `{key: value}` as Jackson writes an entry. */
  toJSON(): Record<string, unknown> {
    return { [String(this.key)]: this.value };
  }
}

/**
 * Base class of the emulated allow-listed Java objects (`UUID`, `LocalDate`, `Date`, ...).
 * Subclasses name their class and implement Java's `toString`.
 */
export abstract class JavaInstance {
  /** Fully qualified Java class name, for example `java.util.UUID`. */
  abstract readonly javaClassName: string;
  /** Java's `toString()`. */
  abstract toString(): string;
  /** Java's `equals`. Default: identity. */
  javaEquals(other: unknown): boolean {
    return this === other;
  }
  /** JSON form: Java's `toString()`. */
  toJSON(): unknown {
    return this.toString();
  }
}

/** Wrapper returned by `#doNotEval`: `#toJson` serialises it even when it contains `${`. */
export class NotEvaluable extends JavaInstance {
  readonly javaClassName = "com.netflix.spinnaker.kork.expressions.NotEvaluableExpression";
  constructor(readonly value: unknown) {
    super();
  }
  override toString(): string {
    return String(this.value);
  }
  override toJSON(): unknown {
    return this.value;
  }
}

import { describe, expect, it } from "vitest";
import { JavaDouble, JavaFloat, JavaLong } from "../../values/boxes.js";
import { MATH } from "./math.js";
import { kit, show, thrown } from "./testkit.js";

const k = kit([MATH]);
const M = "java.lang.Math";
const c = (name: string, ...args: unknown[]): string => show(k.call(M, name, ...args));
const L = (n: bigint | number): JavaLong => new JavaLong(BigInt(n));
const D = (n: number): JavaDouble => new JavaDouble(n);

// Expected values below come from Spring SpEL 4.3 on Java 17 (the conformance oracle) or Java's documentation.
describe("java.lang.Math", () => {
  it("resolves abs/max/min overloads as Java", () => {
    expect(c("max", 1, 2)).toBe("int:2");
    expect(c("abs", -5)).toBe("int:5");
    expect(c("abs", L(-5))).toBe("long:5");
    expect(c("abs", -2.5)).toBe("double:2.5");
    expect(c("abs", new JavaFloat(-1.5))).toBe("float:1.5");
    expect(c("abs", -2147483648)).toBe("int:-2147483648");
    expect(c("max", L(3), L(9))).toBe("long:9");
    expect(c("min", 1.5, 2.5)).toBe("double:1.5");
    expect(c("min", 3, -4)).toBe("int:-4");
    expect(c("max", NaN, D(1))).toBe("double:NaN");
    expect(c("min", new JavaFloat(1), new JavaFloat(2))).toBe("float:1.0");
  });
  it("reports Spring's ambiguity for mixed arguments", () => {
    expect(thrown(() => k.call(M, "min", 1.5, 2))).toMatch(/EL1031E/);
    expect(thrown(() => k.call(M, "max", 1, L(2)))).toMatch(/EL1031E/);
    expect(thrown(() => k.call(M, "round", 2))).toMatch(/EL1031E/);
  });
  it("rounds like Java", () => {
    expect(c("round", 2.5)).toBe("long:3");
    expect(c("round", -2.5)).toBe("long:-2");
    expect(c("round", 0.49999999999999994)).toBe("long:0");
    expect(c("round", NaN)).toBe("long:0");
    expect(c("round", D(1e300))).toBe("long:9223372036854775807");
    expect(c("round", new JavaFloat(2.5))).toBe("int:3");
    expect(c("round", new JavaFloat(-3.5))).toBe("int:-3");
    expect(c("rint", 2.5)).toBe("double:2.0");
    expect(c("rint", 3.5)).toBe("double:4.0");
    expect(c("rint", -0.4)).toBe("double:-0.0");
  });
  it("computes double functions", () => {
    expect(c("pow", 2, 10)).toBe("double:1024.0");
    expect(c("sqrt", 16)).toBe("double:4.0");
    expect(c("floor", 2)).toBe("double:2.0");
    expect(c("floor", -1.5)).toBe("double:-2.0");
    expect(c("ceil", 1.2)).toBe("double:2.0");
    expect(c("signum", -2.5)).toBe("double:-1.0");
    expect(c("signum", new JavaFloat(3))).toBe("float:1.0");
    expect(c("cbrt", 27)).toBe("double:3.0");
    expect(c("log10", 1000)).toBe("double:3.0");
    expect(c("log", 1)).toBe("double:0.0");
    expect(c("exp", 0)).toBe("double:1.0");
    expect(c("expm1", 0)).toBe("double:0.0");
    expect(c("log1p", 0)).toBe("double:0.0");
    expect(c("sin", 0)).toBe("double:0.0");
    expect(c("cos", 0)).toBe("double:1.0");
    expect(c("tan", 0)).toBe("double:0.0");
    expect(c("asin", 1)).toBe("double:1.5707963267948966");
    expect(c("acos", 1)).toBe("double:0.0");
    expect(c("atan", 0)).toBe("double:0.0");
    expect(c("atan2", 1, 1)).toBe("double:0.7853981633974483");
    expect(c("sinh", 0)).toBe("double:0.0");
    expect(c("cosh", 0)).toBe("double:1.0");
    expect(c("tanh", 0)).toBe("double:0.0");
    expect(c("hypot", 3, 4)).toBe("double:5.0");
    expect(c("toDegrees", Math.PI)).toBe("double:180.0");
    expect(c("toRadians", 180)).toBe("double:3.141592653589793");
    expect(c("random")).toBe("double:0.5");
  });
  it("exposes PI and E", () => {
    expect(show(k.field(M, "PI"))).toBe("double:3.141592653589793");
    expect(show(k.field(M, "E"))).toBe("double:2.718281828459045");
  });
  it("implements the exact arithmetic family", () => {
    expect(thrown(() => k.call(M, "addExact", 2147483647, 1))).toBe("ArithmeticException: integer overflow");
    expect(c("addExact", 2, 3)).toBe("int:5");
    expect(c("addExact", L(2), L(3))).toBe("long:5");
    expect(thrown(() => k.call(M, "addExact", L(2n ** 63n - 1n), L(1)))).toBe("ArithmeticException: long overflow");
    expect(c("subtractExact", 2, 3)).toBe("int:-1");
    expect(thrown(() => k.call(M, "subtractExact", -2147483648, 1))).toBe("ArithmeticException: integer overflow");
    expect(c("subtractExact", L(2), L(3))).toBe("long:-1");
    expect(c("multiplyExact", 6, 7)).toBe("int:42");
    expect(thrown(() => k.call(M, "multiplyExact", 65536, 65536))).toBe("ArithmeticException: integer overflow");
    expect(c("multiplyExact", L(65536), L(65536))).toBe("long:4294967296");
    expect(c("multiplyExact", L(3), 4)).toBe("long:12");
    expect(c("negateExact", 5)).toBe("int:-5");
    expect(thrown(() => k.call(M, "negateExact", -2147483648))).toBe("ArithmeticException: integer overflow");
    expect(c("negateExact", L(5))).toBe("long:-5");
    expect(c("incrementExact", 5)).toBe("int:6");
    expect(c("incrementExact", L(5))).toBe("long:6");
    expect(c("decrementExact", 5)).toBe("int:4");
    expect(c("decrementExact", L(5))).toBe("long:4");
    expect(thrown(() => k.call(M, "incrementExact", 2147483647))).toBe("ArithmeticException: integer overflow");
    expect(c("absExact", -5)).toBe("int:5");
    expect(c("absExact", L(-5))).toBe("long:5");
    expect(thrown(() => k.call(M, "absExact", -2147483648))).toBe(
      "ArithmeticException: Overflow to represent absolute value of Integer.MIN_VALUE",
    );
    expect(c("toIntExact", L(7))).toBe("int:7");
    expect(thrown(() => k.call(M, "toIntExact", L(2147483648)))).toBe("ArithmeticException: integer overflow");
  });
  it("implements floorDiv and floorMod", () => {
    expect(c("floorMod", -7, 3)).toBe("int:2");
    expect(c("floorDiv", -7, 2)).toBe("int:-4");
    expect(c("floorDiv", 7, 2)).toBe("int:3");
    expect(c("floorDiv", L(-7), L(2))).toBe("long:-4");
    expect(c("floorDiv", L(-7), 2)).toBe("long:-4");
    expect(c("floorMod", L(-7), L(3))).toBe("long:2");
    expect(c("floorMod", L(-7), 3)).toBe("int:2");
    expect(c("floorMod", 7, -3)).toBe("int:-2");
    expect(thrown(() => k.call(M, "floorDiv", 1, 0))).toBe("ArithmeticException: / by zero");
    expect(thrown(() => k.call(M, "floorMod", L(1), L(0)))).toBe("ArithmeticException: / by zero");
  });
  it("accepts doubles boxed as JavaDouble", () => {
    expect(c("sqrt", D(2.25))).toBe("double:1.5");
  });
});

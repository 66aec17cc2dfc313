import { describe, expect, it } from "vitest";
import { JavaLong } from "../../values/boxes.js";
import type { InvocationEnv } from "../class.js";
import { RANDOM } from "./random.js";
import { kit, show, testEnv, thrown } from "./testkit.js";
import { URL_ENCODER } from "./urlencoder.js";
import { UUID } from "./uuid.js";

const k = kit([UUID, RANDOM, URL_ENCODER]);
const U = "java.util.UUID";
const R = "java.util.Random";
const E = "java.net.URLEncoder";
const L = (n: bigint | number): JavaLong => new JavaLong(BigInt(n));
const uuid = (s: string): unknown => k.call(U, "fromString", s);
const SAMPLE = "123e4567-e89b-12d3-a456-426614174000";

// Expected values: Spring SpEL 4.3 on Java 17 (the conformance oracle).
describe("java.util.UUID", () => {
  it("parses and prints", () => {
    expect(String(uuid(SAMPLE))).toBe(SAMPLE);
    expect(show(k.invoke(uuid(SAMPLE), "toString"))).toBe(`string:${SAMPLE}`);
    expect(String(k.make(U, 0, 0))).toBe("00000000-0000-0000-0000-000000000000");
    expect(String(k.make(U, L(-1), L(5)))).toBe("ffffffff-ffff-ffff-0000-000000000005");
    expect(String(uuid("1-2-3-4-5"))).toBe("00000001-0002-0003-0004-000000000005");
    expect(String(uuid("12345678123-2-3-4-5"))).toBe("45678123-0002-0003-0004-000000000005");
  });
  it("rejects malformed strings as Java", () => {
    expect(thrown(() => uuid("g-1-1-1-1"))).toBe('NumberFormatException: Error at index 0 in: "g"');
    expect(thrown(() => uuid("-1-1-1-1"))).toBe("NumberFormatException: ");
    expect(thrown(() => uuid("abc"))).toBe("IllegalArgumentException: Invalid UUID string: abc");
    expect(thrown(() => uuid(`${SAMPLE}1`))).toBe("IllegalArgumentException: UUID string too large");
    expect(thrown(() => uuid("123e4567-e89b-12d3-a456-42661417400x"))).toBe(
      'NumberFormatException: Error at index 11 in: "42661417400x"',
    );
  });
  it("instance methods", () => {
    const u = uuid(SAMPLE);
    expect(show(k.invoke(u, "hashCode"))).toBe("int:1256478162");
    expect(show(k.invoke(u, "version"))).toBe("int:1");
    expect(show(k.invoke(u, "variant"))).toBe("int:2");
    expect(show(k.invoke(u, "getMostSignificantBits"))).toBe("long:1314564453825188563");
    expect(show(k.invoke(u, "getLeastSignificantBits"))).toBe("long:-6605018797301088256");
    expect(show(k.invoke(uuid("ffffffff-e89b-12d3-a456-426614174000"), "compareTo", uuid("00000000-e89b-12d3-a456-426614174000")))).toBe(
      "int:-1",
    );
    expect(show(k.invoke(uuid("1-2-3-4-5"), "equals", uuid("00000001-0002-0003-0004-000000000005")))).toBe("boolean:true");
    expect(show(k.invoke(u, "equals", SAMPLE))).toBe("boolean:false");
  });
  it("randomUUID is version 4 from env.random()", () => {
    // all bytes 0x80 (random() = 0.5), then version and variant bits applied
    expect(String(k.call(U, "randomUUID"))).toBe("80808080-8080-4080-8080-808080808080");
    let i = 0;
    const env: InvocationEnv = { ...testEnv, random: () => (i++ % 16) / 16 };
    const u = kit([UUID], env).call(U, "randomUUID");
    expect(String(u)).toBe("00102030-4050-4070-8090-a0b0c0d0e0f0");
    expect(show(kit([UUID], env).invoke(u, "version"))).toBe("int:4");
  });
});

describe("java.util.Random", () => {
  const r = (seed: number | bigint): unknown => k.make(R, L(seed));
  it("reproduces Java's seeded sequences", () => {
    expect(show(k.invoke(r(42), "nextInt"))).toBe("int:-1170105035");
    expect(show(k.invoke(r(42), "nextInt", 100))).toBe("int:30");
    expect(show(k.invoke(r(42), "nextInt", 64))).toBe("int:46");
    expect(show(k.invoke(r(-5), "nextInt", 1000))).toBe("int:411");
    expect(show(k.invoke(r(42), "nextLong"))).toBe("long:-5025562857975149833");
    expect(show(k.invoke(r(42), "nextDouble"))).toBe("double:0.7275636800328681");
    expect(show(k.invoke(r(42), "nextBoolean"))).toBe("boolean:true");
    expect(show(k.invoke(r(42), "nextFloat"))).toBe("float:0.7275637");
    expect(show(k.invoke(r(7), "nextInt", 10, 20))).toBe("int:16");
    expect(show(k.invoke(r(3), "nextLong", L(100)))).toBe("long:76");
    expect(show(k.invoke(r(3), "nextDouble", 5.0))).toBe("double:3.65528684574431");
    const g = k.invoke(r(42), "nextGaussian") as { value: number };
    expect(g.value).toBeCloseTo(1.1419053154730547, 14);
    const one = r(1);
    expect(show(k.invoke(one, "nextInt"))).toBe("int:-1155869325");
    expect(show(k.invoke(one, "nextInt"))).toBe("int:431529176");
    expect((k.invoke(one, "nextGaussian") as { value: number }).value).toBeCloseTo(-0.4123569817688534, 14);
    expect((k.invoke(one, "nextGaussian") as { value: number }).value).toBeCloseTo(-1.3403793767878887, 14);
    expect(show(k.invoke(one, "nextInt", 7))).toBe("int:0");
  });
  it("setSeed restarts the sequence", () => {
    const x = r(1);
    k.invoke(x, "nextInt");
    k.invoke(x, "setSeed", L(42));
    expect(show(k.invoke(x, "nextInt"))).toBe("int:-1170105035");
  });
  it("range checks", () => {
    expect(thrown(() => k.invoke(r(42), "nextInt", 0))).toBe("IllegalArgumentException: bound must be positive");
    expect(thrown(() => k.invoke(r(7), "nextInt", 5, 5))).toBe("IllegalArgumentException: bound must be greater than origin");
    expect(thrown(() => k.invoke(r(7), "nextLong", L(0)))).toBe("IllegalArgumentException: bound must be positive");
    expect(thrown(() => k.invoke(r(7), "nextLong", L(5), L(5)))).toBe("IllegalArgumentException: bound must be greater than origin");
  });
  it("other ranges stay in range", () => {
    const x = r(9);
    for (let i = 0; i < 50; i++) {
      const v = (k.invoke(x, "nextLong", L(-3), L(4)) as JavaLong).value;
      expect(v >= -3n && v < 4n).toBe(true);
      const d = (k.invoke(x, "nextDouble", 1.5, 2.5) as { value: number }).value;
      expect(d >= 1.5 && d < 2.5).toBe(true);
    }
  });
  it("unseeded instances draw their seed from env.random()", () => {
    const a = k.make(R);
    const b = k.make(R);
    expect(show(k.invoke(a, "nextInt"))).toBe(show(k.invoke(b, "nextInt")));
    expect(String(a)).toMatch(/^java\.util\.Random@[0-9a-f]+$/);
  });
});

describe("java.net.URLEncoder", () => {
  it("form-encodes like Java", () => {
    expect(show(k.call(E, "encode", "a b&c=d/é~*._-!", "UTF-8"))).toBe("string:a+b%26c%3Dd%2F%C3%A9%7E*._-%21");
    expect(show(k.call(E, "encode", "a b"))).toBe("string:a+b");
    expect(show(k.call(E, "encode", "é", "ISO-8859-1"))).toBe("string:%E9");
    expect(show(k.call(E, "encode", "😀€", "utf-8"))).toBe("string:%F0%9F%98%80%E2%82%AC");
    expect(show(k.call(E, "encode", "é€", "US-ASCII"))).toBe("string:%3F%3F");
    expect(thrown(() => k.call(E, "encode", "a", "NOPE"))).toBe("UnsupportedEncodingException: NOPE");
  });
});

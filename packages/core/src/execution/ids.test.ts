import { describe, expect, it, vi } from "vitest";

/** The random bytes handed out, as a function of their position in the stream: some blocks of 16 chosen to make carries. */
const random = vi.hoisted(() => {
  const byte = (i: number): number => {
    const block = Math.floor(i / 16);
    const k = i % 16;
    if (block === 1) return 0xff; // every digit 31: the first increment wraps them all to zero
    if (block === 2) return k < 14 ? 0x1f : k === 14 ? 0x3e : 0x1d; // ...31 30 29: carries within the last two digits, then beyond them
    if (block === 3) return k < 13 ? 7 : 0x1f; // a carry from the last two digits into digit 13 only
    // an LCG for the rest
    let x = (i * 2654435761 + 12345) >>> 0;
    x ^= x >>> 13;
    return (x * 1103515245) >>> 24;
  };
  return { byte, handedOut: 0 };
});

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return {
    ...actual,
    randomFillSync: <T extends Uint8Array>(buffer: T): T => {
      for (let i = 0; i < buffer.length; i++) buffer[i] = random.byte(random.handedOut++);
      return buffer;
    },
  };
});

const { ulid } = await import("./ids.js");

/** The ULID generator as it was first written (16 random bytes per new millisecond, digit by digit increments). */
function referenceUlid(): (time: number) => string {
  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let next = 0;
  let lastTime = -1;
  let lastRandom: number[] = [];
  const encodeTime = (time: number): string => {
    let out = "";
    let t = time;
    for (let i = 0; i < 10; i++) {
      out = ALPHABET[t % 32]! + out;
      t = Math.floor(t / 32);
    }
    return out;
  };
  return (time) => {
    if (time === lastTime) {
      for (let i = lastRandom.length - 1; i >= 0; i--) {
        if (lastRandom[i]! < 31) {
          lastRandom[i]!++;
          break;
        }
        lastRandom[i] = 0;
      }
    } else {
      lastTime = time;
      lastRandom = Array.from({ length: 16 }, () => random.byte(next++) % 32);
    }
    return encodeTime(Math.max(0, Math.floor(time))) + lastRandom.map((d) => ALPHABET[d]).join("");
  };
}

describe("ulid", () => {
  it("makes the same ids as the digit-by-digit generator, across carries and wrap-round, for new, repeated, earlier and fractional times", () => {
    // the generator's state is this module's, so this test runs first and sees the random stream from its start
    const reference = referenceUlid();
    const times: [number, number][] = [
      [1_700_000_000_000, 1], // block 0
      [1_700_000_000_001, 3], // block 1: all 31s, wrapping to zeros
      [1_700_000_000_002, 2100], // block 2: carries out of the last two digits, twice
      [1_700_000_000_003, 1030], // block 3
      [1_600_000_000_000, 5], // earlier
      [1_700_000_000_003.5, 4], // fractional
      [0, 2],
      [1_469_918_176_385, 1],
      [1_469_918_176_385, 1],
    ];
    for (let m = 0; m < 300; m++) times.push([1_800_000_000_000 + m, 1 + (m % 3)]); // past the first pool of random bytes
    for (const [time, count] of times) {
      for (let i = 0; i < count; i++) expect(ulid(time)).toBe(reference(time));
    }
  });

  it("is 26 Crockford base-32 characters: the time, then 80 random bits", () => {
    const id = ulid(1_469_918_176_385);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(id.slice(0, 10)).toBe("01ARYZ6S41"); // the ULID spec's example time
    expect(ulid(0).slice(0, 10)).toBe("0000000000");
  });

  it("sorts ids made in one millisecond in the order they were made, and across milliseconds by time", () => {
    const ids = [...Array.from({ length: 5000 }, () => ulid(1_900_000_000_000)), ulid(1_900_000_000_001), ulid(1_900_000_000_002)];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

/**
 * ULIDs for executions and stages: 48-bit time + 80 random bits, Crockford base32, monotonic
 * within one millisecond.
 * @module
 */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
let lastTime = -1;
let lastRandom: number[] = [];
/** `encodeTime` of `lastTime`. */
let lastPrefix = "0000000000";
/** `lastRandom` in base 32. */
let lastSuffix = "";

function encodeTime(time: number): string {
  let out = "";
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32]! + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/** A new ULID for `time` (epoch ms). Ids made in the same millisecond sort in creation order. */
export function ulid(time: number): string {
  if (time === lastTime) {
    // increment the random part (base 32 digits) for monotonic order
    let i = lastRandom.length - 1;
    for (; i >= 0; i--) {
      if (lastRandom[i]! < 31) {
        lastRandom[i]!++;
        break;
      }
      lastRandom[i] = 0;
    }
    // only the digits from the one incremented on changed (usually just the last)
    const from = Math.max(0, i);
    let tail = "";
    for (let k = from; k < lastRandom.length; k++) tail += ALPHABET[lastRandom[k]!];
    lastSuffix = lastSuffix.slice(0, from) + tail;
  } else {
    lastTime = time;
    const bytes = randomBytes(16);
    lastRandom = Array.from(bytes, (b) => b % 32);
    lastPrefix = encodeTime(Math.max(0, Math.floor(time)));
    lastSuffix = lastRandom.map((d) => ALPHABET[d]).join("");
  }
  return lastPrefix + lastSuffix;
}

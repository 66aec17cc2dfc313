/**
 * ULIDs for executions and stages: 48-bit time + 80 random bits, Crockford base32, monotonic
 * within one millisecond.
 * @module
 */
import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Every two-digit base-32 number, `PAIRS[32 * a + b]` being digits `a` then `b`. */
const PAIRS: string[] = Array.from({ length: 1024 }, (_, n) => ALPHABET[n >> 5]! + ALPHABET[n & 31]!);
/** Random digits (0-31) the last id's random part started from in this millisecond; the last two are kept in {@link low}. */
const digits = new Uint8Array(16);
let lastTime = -1;
/** The last id without its last two digits (a flat string): time part, then random digits 0-13. */
let head = "";
/** The last id's last two random digits as one number (0-1023). */
let low = 0;

/** Random bytes handed out 16 at a time (one `randomFillSync` call per 256 new milliseconds). */
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function encodeTime(time: number): string {
  let out = "";
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32]! + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/** {@link head} for `time` and {@link digits}. */
function makeHead(time: number): string {
  // joined (a flat string) rather than concatenated (a chain V8 would walk for each id made from it)
  const parts: string[] = [encodeTime(Math.max(0, Math.floor(time)))];
  for (let i = 0; i < 14; i++) parts.push(ALPHABET[digits[i]!]!);
  return parts.join("");
}

/** A new ULID for `time` (epoch ms). Ids made in the same millisecond sort in creation order. */
export function ulid(time: number): string {
  if (time === lastTime) {
    // increment the random part (base 32 digits) for monotonic order: the last two digits, and the
    // ones before them on a carry (all of them wrap round to zero after 32^16 ids)
    if (low < 1023) low++;
    else {
      low = 0;
      let i = 13;
      for (; i >= 0; i--) {
        if (digits[i]! < 31) {
          digits[i]!++;
          break;
        }
        digits[i] = 0;
      }
      head = makeHead(time);
    }
  } else {
    lastTime = time;
    if (poolOffset === pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    for (let i = 0; i < 16; i++) digits[i] = pool[poolOffset + i]! % 32;
    poolOffset += 16;
    low = 32 * digits[14]! + digits[15]!;
    head = makeHead(time);
  }
  return head + PAIRS[low]!;
}

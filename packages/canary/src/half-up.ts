/**
 * Rounds `value` to `scale` decimals with HALF_UP applied to the shortest decimal string of the
 * double (Java's `BigDecimal.valueOf(d).setScale(scale, HALF_UP)`), e.g. 83.325 → 83.33.
 */
export function roundHalfUp(value: number, scale = 2): number {
  if (!Number.isFinite(value)) return value;
  const negative = value < 0 || Object.is(value, -0);
  const text = String(Math.abs(value));
  const [mantissa, expPart] = text.split("e") as [string, string | undefined];
  const exp = expPart === undefined ? 0 : Number(expPart);
  const [intPart, fracPart = ""] = mantissa.split(".") as [string, string | undefined];
  let digits = intPart + fracPart;
  let pointPos = intPart.length + exp; // digits before the decimal point
  if (pointPos < 0) {
    digits = "0".repeat(-pointPos) + digits;
    pointPos = 0;
  }
  if (digits.length < pointPos) digits = digits + "0".repeat(pointPos - digits.length);
  const keep = pointPos + scale;
  if (digits.length <= keep) return value;
  const kept = digits.slice(0, keep);
  const roundUp = digits.charCodeAt(keep) >= 53; // '5'
  let n = BigInt(kept === "" ? "0" : kept);
  if (roundUp) n += 1n;
  const s = n.toString().padStart(scale + 1, "0");
  const result = Number(`${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`);
  return negative ? -result : result;
}

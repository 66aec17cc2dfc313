/**
 * Serialises a judge result as Jackson would: NaN and ±Infinity become the strings "NaN",
 * "Infinity" and "-Infinity".
 */
export function toKayentaJson(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
      return v;
    },
    space,
  );
}

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mannWhitney } from "../src/index.js";

/** Deterministic datasets: varied, tied, shifted, different sizes. */
function datasets(): { x: number[]; y: number[] }[] {
  let s = 12345;
  const u = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const out: { x: number[]; y: number[] }[] = [];
  for (let k = 0; k < 24; k++) {
    const nx = 5 + Math.floor(u() * 60);
    const ny = 5 + Math.floor(u() * 60);
    const shift = (u() - 0.5) * 20;
    const round = k % 3 === 0; // heavy ties
    const gen = (n: number, d: number) => Array.from({ length: n }, () => {
      const v = 50 + d + 10 * (u() + u() + u() - 1.5);
      return round ? Math.round(v) : v;
    });
    out.push({ x: gen(nx, shift), y: gen(ny, 0) });
  }
  return out;
}

describe("Mann-Whitney interval, U and p-value against R's wilcox.test (r-base-core)", () => {
  it("agrees with wilcox.test(exact = FALSE, correct = TRUE, conf.int = TRUE, conf.level = 0.98)", () => {
    const data = datasets();
    const dir = mkdtempSync(path.join(tmpdir(), "canary-r-"));
    const file = path.join(dir, "data.txt");
    writeFileSync(file, data.map((d) => `${d.x.join(",")};${d.y.join(",")}`).join("\n"));
    const script = `
      lines <- readLines("${file}")
      for (l in lines) {
        p <- strsplit(l, ";")[[1]]
        x <- as.numeric(strsplit(p[1], ",")[[1]]); y <- as.numeric(strsplit(p[2], ",")[[1]])
        r <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE, conf.int = TRUE, conf.level = 0.98))
        cat(sprintf("%.17g %.17g %.17g %.17g\\n", r$conf.int[1], r$conf.int[2], r$statistic, r$p.value))
      }`;
    const rows = execFileSync("Rscript", ["-e", script], { encoding: "utf8" }).trim().split("\n").map((l) => l.split(" ").map(Number));
    expect(rows).toHaveLength(data.length);
    data.forEach((d, i) => {
      const [lower, upper, w, p] = rows[i]!;
      const r = mannWhitney(d.x, d.y, 0.98);
      // Same algorithm (zeroin with tol 1e-4); only the normal quantile may differ in the last ulps.
      expect(Math.abs(r.lower - lower!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(lower!)));
      expect(Math.abs(r.upper - upper!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(upper!)));
      expect(r.u).toBe(w);
      expect(Math.abs(r.pValue - p!)).toBeLessThan(1e-12 + 1e-9 * p!);
    });
  });
});

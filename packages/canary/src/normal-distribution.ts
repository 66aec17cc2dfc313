/**
 * Inverse error function, Giles' double-precision polynomial as used by commons-math 3.6.1
 * (`Erf.erfInv`).
 */
export function erfInv(x: number): number {
  let w = -Math.log((1.0 - x) * (1.0 + x));
  let p: number;
  if (w < 6.25) {
    w -= 3.125;
    p = -3.6444120640178196996e-21;
    p = -1.685059138182016589e-19 + p * w;
    p = 1.2858480715256400167e-18 + p * w;
    p = 1.115787767802518096e-17 + p * w;
    p = -1.333171662854620906e-16 + p * w;
    p = 2.0972767875968561637e-17 + p * w;
    p = 6.6376381343583238325e-15 + p * w;
    p = -4.0545662729752068639e-14 + p * w;
    p = -8.1519341976054721522e-14 + p * w;
    p = 2.6335093153082322977e-12 + p * w;
    p = -1.2975133253453532498e-11 + p * w;
    p = -5.4154120542946279317e-11 + p * w;
    p = 1.051212273321532285e-9 + p * w;
    p = -4.1126339803469836976e-9 + p * w;
    p = -2.9070369957882005086e-8 + p * w;
    p = 4.2347877827932403518e-7 + p * w;
    p = -1.3654692000834678645e-6 + p * w;
    p = -1.3882523362786468719e-5 + p * w;
    p = 0.0001867342080340571352 + p * w;
    p = -0.00074070253416626697512 + p * w;
    p = -0.0060336708714301490533 + p * w;
    p = 0.24015818242558961693 + p * w;
    p = 1.6536545626831027356 + p * w;
  } else if (w < 16.0) {
    w = Math.sqrt(w) - 3.25;
    p = 2.2137376921775787049e-9;
    p = 9.0756561938885390979e-8 + p * w;
    p = -2.7517406297064545428e-7 + p * w;
    p = 1.8239629214389227755e-8 + p * w;
    p = 1.5027403968909827627e-6 + p * w;
    p = -4.013867526981545969e-6 + p * w;
    p = 2.9234449089955446044e-6 + p * w;
    p = 1.2475304481671778723e-5 + p * w;
    p = -4.7318229009055733981e-5 + p * w;
    p = 6.8284851459573175448e-5 + p * w;
    p = 2.4031110387097893999e-5 + p * w;
    p = -0.0003550375203628474796 + p * w;
    p = 0.00095328937973738049703 + p * w;
    p = -0.0016882755560235047313 + p * w;
    p = 0.0024914420961078508066 + p * w;
    p = -0.0037512085075692412107 + p * w;
    p = 0.005370914553590063617 + p * w;
    p = 1.0052589676941592334 + p * w;
    p = 3.0838856104922207635 + p * w;
  } else if (Number.isFinite(w)) {
    w = Math.sqrt(w) - 5.0;
    p = -2.7109920616438573243e-11;
    p = -2.5556418169965252055e-10 + p * w;
    p = 1.5076572693500548083e-9 + p * w;
    p = -3.7894654401267369937e-9 + p * w;
    p = 7.6157012080783393804e-9 + p * w;
    p = -1.4960026627149240478e-8 + p * w;
    p = 2.9147953450901080826e-8 + p * w;
    p = -6.7711997758452339498e-8 + p * w;
    p = 2.2900482228026654717e-7 + p * w;
    p = -9.9298272942317002539e-7 + p * w;
    p = 4.5260625972231537039e-6 + p * w;
    p = -1.9681778105531670567e-5 + p * w;
    p = 7.5995277030017761139e-5 + p * w;
    p = -0.00021503011930044477347 + p * w;
    p = -0.00013871931833623122026 + p * w;
    p = 1.0103004648645343977 + p * w;
    p = 4.8499064014085844221 + p * w;
  } else {
    p = Number.POSITIVE_INFINITY;
  }
  return p * x;
}

/**
 * Standard normal quantile as commons-math computes it: `√2 · erfInv(2p − 1)`.
 * `normalQuantile(0.01)` is −2.326347874040841.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  return 0 + 1 * Math.SQRT2 * erfInv(2 * p - 1);
}

/** Complementary error function for x >= 0 (series below 2, continued fraction above). */
function erfcNonNegative(x: number): number {
  if (x < 2) {
    // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Standard normal cumulative distribution function Φ(z). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const t = Math.abs(z) / Math.SQRT2;
  const tail = 0.5 * erfcNonNegative(t);
  return z < 0 ? tail : 1 - tail;
}

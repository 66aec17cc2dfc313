const EPSILON = 2.220446049250313e-16;

/**
 * Brent–Dekker root finder, operation for operation the `R_zeroin2` of R's `zeroin.c`
 * (bisection, secant and inverse quadratic interpolation), given `f(ax)` and `f(bx)`.
 *
 * Returns the last iterate when `maxit` is exhausted, like R.
 */
export function zeroin(
  ax: number,
  bx: number,
  fax: number,
  fbx: number,
  f: (x: number) => number,
  tol: number,
  maxit: number,
): number {
  let a = ax;
  let b = bx;
  let fa = fax;
  let fb = fbx;
  let c = a;
  let fc = fa;
  let remaining = maxit + 1;

  if (fa === 0) return a;
  if (fb === 0) return b;

  while (remaining-- > 0) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;

    if (Math.abs(newStep) <= tolAct || fb === 0) return b;

    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1.0 - t1;
      } else {
        q = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
        q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
      }
      if (p > 0) q = -q;
      else p = -p;

      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }

    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;

    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}

import { JavaRandom } from "./java-random.js";

/** Source of standard normal draws for the degenerate-data noise. */
export interface GaussianSource {
  /** Returns the next N(0, 1) draw. */
  nextGaussian(): number;
}

/** Seed used when none is given, so the same input always gives the same result. */
export const DEFAULT_NOISE_SEED = 0;

/**
 * Creates the default noise generator: a `java.util.Random` emulation seeded with `seed`
 * (Kayenta's `RandomUtils` reproduces with the same seed).
 */
export function createGaussianSource(seed: number | bigint = DEFAULT_NOISE_SEED): GaussianSource {
  return new JavaRandom(seed);
}

/** Stage status after aggregating interval scores (orca). */
export type CanaryStageStatus = "SUCCEEDED" | "TERMINAL";

/** Orca's `scoreThresholds` as Kotlin Int fields: fractions truncated, missing = 0. */
export function orcaScoreThresholds(raw: { pass?: number | null; marginal?: number | null } | null | undefined): { pass: number; marginal: number } {
  return { pass: Math.trunc(raw?.pass ?? 0), marginal: Math.trunc(raw?.marginal ?? 0) };
}

/**
 * Orca's `AggregateCanaryResultsTask`: only the last interval score decides. `last <= marginal` →
 * TERMINAL, `last < pass` → TERMINAL, otherwise SUCCEEDED.
 */
export function aggregateOrca(canaryScores: readonly number[], rawThresholds: { pass?: number | null; marginal?: number | null } | null | undefined): { status: CanaryStageStatus; message: string } {
  const { pass, marginal } = orcaScoreThresholds(rawThresholds);
  const last = canaryScores[canaryScores.length - 1];
  if (last === undefined) return { status: "TERMINAL", message: "There were no canary scores to aggregate" };
  if (last <= marginal) return { status: "TERMINAL", message: `Final canary score ${last} is not above the marginal score threshold.` };
  if (last < pass) return { status: "TERMINAL", message: `Final canary score ${last} is below the pass score threshold.` };
  return { status: "SUCCEEDED", message: `Final canary score ${last} met or exceeded the pass score threshold.` };
}

/**
 * Kayenta standalone canary analysis aggregation (`didPassThresholds`): no scores → false; no
 * thresholds → true; `last <= marginal` → false; pass missing → true; `last < pass` → false.
 */
export function aggregateStandalone(canaryScores: readonly number[], thresholds: { pass?: number | null; marginal?: number | null } | null | undefined): { didPassThresholds: boolean; message: string } {
  const last = canaryScores[canaryScores.length - 1];
  if (last === undefined) return { didPassThresholds: false, message: "There were no successful canary judgements to aggregate" };
  const pass = thresholds?.pass ?? null;
  const marginal = thresholds?.marginal ?? null;
  if (pass === null && marginal === null) return { didPassThresholds: true, message: "No score thresholds were specified" };
  if (marginal !== null && last <= marginal) return { didPassThresholds: false, message: `Final canary score ${last} is not above the marginal score threshold.` };
  if (pass === null) return { didPassThresholds: true, message: `Final canary score ${last} is above the marginal score threshold.` };
  if (last < pass) return { didPassThresholds: false, message: `Final canary score ${last} is below the pass score threshold.` };
  return { didPassThresholds: true, message: `Final canary score ${last} met or exceeded the pass score threshold.` };
}

/**
 * Orca's per-interval check on the score as orca stores it (the integer part of Kayenta's score):
 * `score <= marginal` stops the run.
 */
export function intervalScoreFails(score: number, marginal: number): boolean {
  return Math.trunc(score) <= marginal;
}

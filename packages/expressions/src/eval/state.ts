import type { JavaClassRegistry } from "../java/registry.js";
import type { ExpressionFunction, HostServices } from "../functions/function.js";

/** Everything an evaluation needs that does not change while it runs. */
export interface EvalConfig {
  readonly profile: "spinnaker" | "spel";
  readonly classes: JavaClassRegistry;
  readonly functions: ReadonlyMap<string, ExpressionFunction>;
  readonly services: HostServices;
  readonly now: () => number;
  readonly random: () => number;
  /** Iterations (selection, projection, collection methods) allowed per evaluation. */
  readonly maxSteps: number;
}

/** The mutable state of one evaluation. */
export interface EvalState {
  readonly config: EvalConfig;
  /** The root object (reset between evaluations when the state is reused). */
  root: unknown;
  /** The scope root: `#root`, or the current element inside selection/projection. */
  scopeRoot: unknown;
  /** `#variables` (created on first assignment when the caller passed none). */
  variables: Map<string, unknown> | null;
  /** A missing map key reads as null (Spinnaker's stage-time behaviour) instead of failing. */
  readonly allowUnknownKeys: boolean;
  /** Remaining work budget. */
  steps: number;
  /** Results of asynchronous work (URL fetches, lookups) by key. */
  readonly resolved: ReadonlyMap<string, unknown>;
}

import type { StageDefinition, TaskDefinition } from "@gennaker/core";

export declare const flakyTask: TaskDefinition;
export declare const pollTask: TaskDefinition;
export declare const poisonTask: TaskDefinition;
export declare const flakyStage: StageDefinition;
export declare const pollStage: StageDefinition;
export declare const recordStage: StageDefinition;
export declare const poisonStage: StageDefinition;
/** Every test stage type. */
export declare const testStages: StageDefinition[];
/** A pipeline with parallel branches, a wait, retries and monitors (see test-stages.mjs). */
export declare function branchyPipeline(name: string): {
  application: string;
  name: string;
  stages: Array<Record<string, unknown>>;
};

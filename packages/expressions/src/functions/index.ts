/**
 * Spinnaker's built-in helper functions (`#toInt`, `#stage`, `#fromUrl`, ...) under their
 * Spinnaker names, and the utilities they are built on.
 * @module
 */
import type { ExpressionFunction } from "./function.js";
import { doNotEval, readJson, toJson } from "./json.js";
import {
  currentStage,
  currentUser,
  deployedServerGroups,
  judgement,
  judgment,
  stage,
  stageByRefId,
  stageExists,
} from "./stages.js";
import { alphanumerical, fetchReference, fromBase64, toBase64, toBoolean, toFloat, toInt } from "./strings.js";

/** Every built-in helper function, keyed by the name expressions call it by (`#name(...)`). */
export const builtinFunctions: Readonly<Record<string, ExpressionFunction>> = Object.freeze({
  toInt,
  toFloat,
  toBoolean,
  toBase64,
  fromBase64,
  alphanumerical,
  fetchReference,
  toJson,
  doNotEval,
  readJson,
  stage,
  stageByRefId,
  stageExists,
  judgment,
  judgement,
  currentStage,
  currentUser,
  deployedServerGroups,
});

export { MAX_JSON_DEPTH, parseJavaJson, readJsonText, toJacksonJson, type ParseJavaJsonOptions } from "./json.js";
export { StageView } from "./stages.js";
export { javaBase64Decode, javaParseBoolean, javaParseFloat, javaParseInt } from "./strings.js";

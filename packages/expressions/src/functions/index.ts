/**
 * Spinnaker's built-in helper functions (`#toInt`, `#stage`, `#fromUrl`, ...) under their
 * Spinnaker names, and the utilities they are built on.
 * @module
 */
import { resolvedArtifacts, triggerResolvedArtifact, triggerResolvedArtifactByType } from "./artifacts.js";
import { cfServiceKey } from "./cloudfoundry.js";
import { applicationMetadata, canaryConfigNameToId, pipelineId, pipelineIdInApplication, pipelineIdOrNull } from "./front50.js";
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
import { manifestLabelValue } from "./manifests.js";
import { alphanumerical, fetchReference, fromBase64, toBase64, toBoolean, toFloat, toInt } from "./strings.js";
import { fromJsonFromUrl, fromUrl, jsonFromUrl, propertiesFromUrl, yamlFromUrl } from "./url.js";
import { readAllYaml, readYaml } from "./yaml.js";

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
  readYaml,
  readAllYaml,
  fromUrl,
  jsonFromUrl,
  fromJsonFromUrl,
  yamlFromUrl,
  propertiesFromUrl,
  triggerResolvedArtifact,
  triggerResolvedArtifactByType,
  resolvedArtifacts,
  manifestLabelValue,
  pipelineId,
  pipelineIdOrNull,
  pipelineIdInApplication,
  applicationMetadata,
  canaryConfigNameToId,
  cfServiceKey,
});

export { MAX_JSON_DEPTH, parseJavaJson, readJsonText, toJacksonJson, type ParseJavaJsonOptions } from "./json.js";
export { StageView } from "./stages.js";
export { javaBase64Decode, javaParseBoolean, javaParseFloat, javaParseInt } from "./strings.js";
export { javaParseDouble } from "./strings.js";
export {
  createUrlFetcher,
  parseJavaProperties,
  UrlFetchError,
  validateUrl,
  validateUrlResolved,
  type UrlFetcher,
  type UrlFetcherOptions,
  type UrlFetchFailure,
  type UrlRestrictionOptions,
} from "./url.js";
export { JavaDate, readAllYamlText, readYamlText } from "./yaml.js";

/**
 * Orca's `#manifestLabelValue(stageName, kind, labelKey)`.
 * @module
 */
import { defineFunction, type ExpressionFunction } from "./function.js";
import { executionStages, helperError, isMap, javaException, mapGet, mapHas, stageContext, str, stringEquals } from "./support.js";

/**
 * `#manifestLabelValue(String stageName, String kind, String labelKey)`: the label
 * `spec.template.metadata.labels[labelKey]` of the first `Deployment`/`ReplicaSet` manifest output
 * by the named, SUCCEEDED Deploy Manifest stage.
 */
export const manifestLabelValue: ExpressionFunction = defineFunction({
  params: ["java.lang.String", "java.lang.String", "java.lang.String"],
  description: "A label of a manifest deployed by a Deploy Manifest stage",
  invoke(env, stageNameArg, kindArg, labelKeyArg) {
    const stageName = str(stageNameArg);
    const kind = str(kindArg);
    const labelKey = str(labelKeyArg);
    if (kind !== "Deployment" && kind !== "ReplicaSet") {
      throw javaException("IllegalArgumentException", "Only Deployments and ReplicaSets are valid kinds for this function");
    }
    if (labelKey === null) throw javaException("IllegalArgumentException", "A labelKey is required for this function");
    const stage = executionStages(env.root).find(
      (s) => stringEquals(stageName, mapGet(s, "name")) && mapGet(s, "type") === "deployManifest" && mapGet(s, "status") === "SUCCEEDED",
    );
    if (!stage) throw helperError("A valid Deploy Manifest stage name is required for this function");
    const ms = mapGet(stageContext(stage), "outputs.manifests");
    if (!Array.isArray(ms) || ms.length === 0) throw helperError("No manifest could be found in the context of the specified stage");
    const manifest = ms.find((m) => isMap(m) && mapGet(m, "kind") === kind);
    if (!manifest) throw helperError(`No manifest of kind ${kind} could be found on the context of the specified stage`);
    let cur: unknown = manifest;
    for (const k of ["spec", "template", "metadata", "labels", labelKey]) {
      if (!isMap(cur) || !mapHas(cur, k)) {
        throw helperError("No label of specified key found on matching manifest spec.template.metadata.labels");
      }
      cur = mapGet(cur, k);
    }
    if (cur !== null && cur !== undefined && typeof cur !== "string") {
      throw javaException("ClassCastException", "the label value is not a java.lang.String");
    }
    return cur ?? null;
  },
});

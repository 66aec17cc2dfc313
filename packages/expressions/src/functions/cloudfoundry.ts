/**
 * Orca's Cloud Foundry helper `#cfServiceKey`.
 * @module
 */
import { defineFunction, type ExpressionFunction } from "./function.js";
import { executionStages, isMap, mapGet, nameOrIdMatches, newMap, putAll, stageContext, str } from "./support.js";

/**
 * `#cfServiceKey(String idOrName)`: the service key created by the first SUCCEEDED
 * `createServiceKey` stage with that name or id (`kato.tasks[0].resultObjects[0].serviceKey`);
 * an empty map when there is none or the task data is malformed.
 */
export const cfServiceKey: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "The Cloud Foundry service key created by a Create Service Key stage",
  invoke(env, idArg) {
    const id = str(idArg);
    for (const s of executionStages(env.root)) {
      if (mapGet(s, "type") !== "createServiceKey" || mapGet(s, "status") !== "SUCCEEDED" || !nameOrIdMatches(s, id)) continue;
      const details = newMap();
      const tasks = mapGet(stageContext(s), "kato.tasks");
      const ros = Array.isArray(tasks) ? mapGet(tasks[0], "resultObjects") : undefined;
      const key = Array.isArray(ros) ? mapGet(ros[0], "serviceKey") : undefined;
      if (isMap(key)) putAll(details, key);
      return details;
    }
    return newMap();
  },
});

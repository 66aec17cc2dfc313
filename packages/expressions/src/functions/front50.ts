/**
 * Helpers backed by host lookups (Front50, Kayenta): `#pipelineId`, `#pipelineIdOrNull`,
 * `#pipelineIdInApplication`, `#applicationMetadata`, `#canaryConfigNameToId`. The lookups run
 * asynchronously through `env.resolve`, so they work under `evaluateAsync`.
 * @module
 */
import { defineFunction, type ExpressionFunction, type FunctionEnv, type HostServices } from "./function.js";
import { executionApplication, helperError, str } from "./support.js";

function service<K extends keyof HostServices>(env: FunctionEnv, name: K, fn: string): NonNullable<HostServices[K]> {
  const s = env.services[name];
  if (!s) throw helperError(`#${fn} needs the ${name} host service, which is not configured`);
  return s as NonNullable<HostServices[K]>;
}

function lookupPipeline(env: FunctionEnv, fn: string, application: string, name: string): string | null {
  const lookup = service(env, "lookupPipelineId", fn);
  return env.resolve(`front50:pipelineId:${application}:${name}`, async () => (await lookup(application, name)) ?? null);
}

function requireText(v: unknown, message: string): string {
  const s = str(v);
  if (s === null || s === "") throw helperError(message);
  return s;
}

function currentApplication(env: FunctionEnv, fn: string): string {
  const app = executionApplication(env.root);
  if (typeof app !== "string" || app === "") throw helperError(`#${fn} needs the execution's application`);
  return app;
}

/** `#pipelineId(String name)`: the id of the pipeline with that name in the execution's application. */
export const pipelineId: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "The id of a pipeline of this application, by name",
  invoke(env, nameArg) {
    const name = requireText(nameArg, "Pipeline name is required for function pipelineId");
    const app = currentApplication(env, "pipelineId");
    const id = lookupPipeline(env, "pipelineId", app, name);
    if (id === null) throw helperError(`Pipeline with name '${name}' could not be found on application ${app}`);
    return id;
  },
});

/** `#pipelineIdOrNull(String name)`: like `#pipelineId`, null when there is no such pipeline. */
export const pipelineIdOrNull: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "The id of a pipeline of this application, or null",
  invoke(env, nameArg) {
    const name = requireText(nameArg, "Pipeline name is required for function pipelineIdOrNull");
    return lookupPipeline(env, "pipelineIdOrNull", currentApplication(env, "pipelineIdOrNull"), name);
  },
});

/** `#pipelineIdInApplication(String name, String application)`: a pipeline id in another application, or null. */
export const pipelineIdInApplication: ExpressionFunction = defineFunction({
  params: ["java.lang.String", "java.lang.String"],
  description: "The id of a pipeline of another application, or null",
  invoke(env, nameArg, appArg) {
    const name = requireText(nameArg, "Pipeline name is required for function pipelineIdInApplication");
    const app = requireText(appArg, "Application name is required for function pipelineIdInApplication");
    return lookupPipeline(env, "pipelineIdInApplication", app, name);
  },
});

/** `#applicationMetadata(String application)`: the Front50 application record. */
export const applicationMetadata: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "The Front50 record of an application",
  invoke(env, appArg) {
    const app = requireText(appArg, "Application name is required for function applicationMetadata");
    const lookup = service(env, "lookupApplication", "applicationMetadata");
    const record = env.resolve(`front50:application:${app}`, async () => (await lookup(app)) ?? null);
    if (record === null) throw helperError(`Failed to fetch application ${app}`);
    return record;
  },
});

/** `#canaryConfigNameToId(String name, String application)`: a Kayenta canary config id by name. */
export const canaryConfigNameToId: ExpressionFunction = defineFunction({
  params: ["java.lang.String", "java.lang.String"],
  description: "The id of a Kayenta canary config, by name and application",
  invoke(env, nameArg, appArg) {
    const name = requireText(nameArg, "Canary config name is required for function canaryConfigNameToId");
    const app = requireText(appArg, "Application name is required for function canaryConfigNameToId");
    const lookup = service(env, "lookupCanaryConfigId", "canaryConfigNameToId");
    const id = env.resolve(`kayenta:canaryConfigId:${app}:${name}`, async () => (await lookup(name, app)) ?? null);
    if (id === null) throw helperError(`Unable to find canary config with name ${name} in application ${app}`);
    return id;
  },
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolvedArtifacts, triggerResolvedArtifact, triggerResolvedArtifactByType } from "./artifacts.js";
import { cfServiceKey } from "./cloudfoundry.js";
import { applicationMetadata, canaryConfigNameToId, pipelineId, pipelineIdInApplication, pipelineIdOrNull } from "./front50.js";
import type { ExpressionFunction, HostServices } from "./function.js";
import { builtinFunctions } from "./index.js";
import { parseJavaJson } from "./json.js";
import { manifestLabelValue } from "./manifests.js";
import { createTestEnv, invokeAsync, thrown } from "./test-env.js";

// The pipeline root of the conformance corpus (cases.jsonl func-099..func-109).
const PIPELINE = parseJavaJson(readFileSync(new URL("./fixtures/pipeline-root.json", import.meta.url), "utf8"));
const call = (fn: ExpressionFunction, ...args: unknown[]): unknown => fn.invoke(createTestEnv({ root: PIPELINE }), ...args);
const on = (root: unknown, fn: ExpressionFunction, ...args: unknown[]): unknown => fn.invoke(createTestEnv({ root }), ...args);

describe("artifacts", () => {
  it("finds bound artifacts by name and type (func-099, func-100)", () => {
    expect((call(triggerResolvedArtifact, "gcr.io/example/orders") as Record<string, unknown>)["reference"]).toBe("gcr.io/example/orders:v1.4.2");
    expect((call(triggerResolvedArtifactByType, "docker/image") as Record<string, unknown>)["version"]).toBe("v1.4.2");
  });

  it("reads the trigger under root.execution too, and fails when absent (spk-115..118)", () => {
    const trigger = {
      type: "manual",
      resolvedExpectedArtifacts: [{ matchArtifact: { type: "docker/image", name: "artifact1" }, boundArtifact: { type: "docker/image", name: "artifact1", reference: "artifact1" } }],
    };
    const root = { execution: { id: "exec-1", trigger, stages: [] } };
    expect((on(root, triggerResolvedArtifact, "artifact1") as Record<string, unknown>)["type"]).toBe("docker/image");
    expect((on(root, triggerResolvedArtifactByType, "docker/image") as Record<string, unknown>)["name"]).toBe("artifact1");
    const e = thrown(() => on(root, triggerResolvedArtifact, "somename"));
    expect(e.exceptionType).toBe("SpelHelperFunctionException");
    expect(e.message).toBe("Unable to locate resolved artifact somename in trigger execution exec-1.");
    expect(thrown(() => on(root, triggerResolvedArtifactByType, "s3/object")).exceptionType).toBe("SpelHelperFunctionException");
  });

  it("#resolvedArtifacts concatenates stage outputs (func-109)", () => {
    expect((call(resolvedArtifacts) as unknown[]).length).toBe(1);
    expect(on({}, resolvedArtifacts)).toEqual([]);
  });
});

describe("#manifestLabelValue", () => {
  it("reads labels (func-102, func-103)", () => {
    expect(call(manifestLabelValue, "Deploy Manifest", "Deployment", "app")).toBe("orders");
    expect(call(manifestLabelValue, "Deploy Manifest", "Deployment", "moniker.spinnaker.io/sequence")).toBe("7");
  });

  const spk = {
    execution: {
      id: "exec-1",
      stages: [
        {
          id: "1",
          name: "Deploy ReplicaSet",
          type: "deployManifest",
          status: "SUCCEEDED",
          context: {
            "outputs.manifests": [
              { kind: "ReplicaSet", spec: { template: { metadata: { labels: { "my-label-key": "my-label-value", "my-other-label-key": "my-other-label-value", "moniker.spinnaker.io/sequence": "0" } } } } },
            ],
          },
        },
      ],
    },
  };

  it("Orca's spec cases (spk-109..114)", () => {
    expect(on(spk, manifestLabelValue, "Deploy ReplicaSet", "ReplicaSet", "my-label-key")).toBe("my-label-value");
    expect(on(spk, manifestLabelValue, "Deploy ReplicaSet", "ReplicaSet", "my-other-label-key")).toBe("my-other-label-value");
    expect(on(spk, manifestLabelValue, "Deploy ReplicaSet", "ReplicaSet", "moniker.spinnaker.io/sequence")).toBe("0");
    expect(thrown(() => on(spk, manifestLabelValue, "Non-existent Stage", "ReplicaSet", "my-label-key")).message).toBe(
      "A valid Deploy Manifest stage name is required for this function",
    );
    expect(thrown(() => on(spk, manifestLabelValue, "Deploy ReplicaSet", "Deployment", "my-label-key")).message).toBe(
      "No manifest of kind Deployment could be found on the context of the specified stage",
    );
    expect(thrown(() => on(spk, manifestLabelValue, "Deploy ReplicaSet", "ReplicaSet", "non-existent-label")).message).toBe(
      "No label of specified key found on matching manifest spec.template.metadata.labels",
    );
  });

  it("validates kind and key (func-106)", () => {
    expect(thrown(() => call(manifestLabelValue, "Deploy Manifest", "Pod", "app")).exceptionType).toBe("IllegalArgumentException");
    expect(thrown(() => call(manifestLabelValue, "Deploy Manifest", "Deployment", null)).exceptionType).toBe("IllegalArgumentException");
    expect(thrown(() => call(manifestLabelValue, "Deploy Manifest", "Deployment", "nope")).exceptionType).toBe("SpelHelperFunctionException");
  });
});

describe("#cfServiceKey", () => {
  it("reads the service key (func-107)", () => {
    expect((call(cfServiceKey, "Create Key") as Record<string, unknown>)["username"]).toBe("svc-user");
  });
  it("is an empty map otherwise", () => {
    expect(Object.keys(call(cfServiceKey, "Nope") as object)).toEqual([]);
    const malformed = { stages: [{ id: "k", name: "K", type: "createServiceKey", status: "SUCCEEDED", context: { "kato.tasks": "bad" } }] };
    expect(Object.keys(on(malformed, cfServiceKey, "K") as object)).toEqual([]);
  });
});

describe("Front50 / Kayenta lookups", () => {
  const services: HostServices = {
    lookupPipelineId: async (app, name) => (app === "orders" && name === "Deploy" ? "pid-1" : app === "other" && name === "X" ? "pid-2" : null),
    lookupApplication: (app) => (app === "orders" ? { name: "orders", email: "team@example.com" } : null),
    lookupCanaryConfigId: async (name, app) => (name === "cfg" && app === "orders" ? "cid-1" : null),
  };
  const env = (s: HostServices = services) => createTestEnv({ root: PIPELINE, services: s });

  it("looks up asynchronously through env.resolve", async () => {
    expect(await invokeAsync(pipelineId, env(), "Deploy")).toBe("pid-1");
    expect(await invokeAsync(pipelineIdOrNull, env(), "Deploy")).toBe("pid-1");
    expect(await invokeAsync(pipelineIdOrNull, env(), "Nope")).toBeNull();
    expect(await invokeAsync(pipelineIdInApplication, env(), "X", "other")).toBe("pid-2");
    expect(await invokeAsync(pipelineIdInApplication, env(), "Y", "other")).toBeNull();
    expect(await invokeAsync(applicationMetadata, env(), "orders")).toEqual({ name: "orders", email: "team@example.com" });
    expect(await invokeAsync(canaryConfigNameToId, env(), "cfg", "orders")).toBe("cid-1");
  });

  it("fails clearly", async () => {
    await expect(invokeAsync(pipelineId, env(), "Nope")).rejects.toThrow("Pipeline with name 'Nope' could not be found on application orders");
    await expect(invokeAsync(pipelineId, env(), "")).rejects.toThrow("Pipeline name is required");
    await expect(invokeAsync(applicationMetadata, env(), "ghost")).rejects.toThrow("ghost");
    await expect(invokeAsync(canaryConfigNameToId, env(), "cfg", "")).rejects.toThrow("Application name is required");
    await expect(invokeAsync(canaryConfigNameToId, env(), "zzz", "orders")).rejects.toThrow("Unable to find canary config");
    await expect(invokeAsync(pipelineId, env({}), "Deploy")).rejects.toThrow("lookupPipelineId host service");
  });
});

describe("builtinFunctions", () => {
  it("registers every Spinnaker helper under its name", () => {
    expect(Object.keys(builtinFunctions).sort()).toEqual(
      [
        "alphanumerical", "applicationMetadata", "canaryConfigNameToId", "cfServiceKey", "currentStage", "currentUser",
        "deployedServerGroups", "doNotEval", "fetchReference", "fromBase64", "fromJsonFromUrl", "fromUrl", "jsonFromUrl",
        "judgement", "judgment", "manifestLabelValue", "pipelineId", "pipelineIdInApplication", "pipelineIdOrNull",
        "propertiesFromUrl", "readAllYaml", "readJson", "readYaml", "resolvedArtifacts", "stage", "stageByRefId",
        "stageExists", "toBase64", "toBoolean", "toFloat", "toInt", "toJson", "triggerResolvedArtifact",
        "triggerResolvedArtifactByType", "yamlFromUrl",
      ].sort(),
    );
    for (const f of Object.values(builtinFunctions)) expect(typeof f.description).toBe("string");
  });
});

/**
 * Checks of the stage graph of a (possibly otherwise invalid) pipeline config: missing / duplicate
 * refIds, dangling requisites and cycles. Works on the raw input, using whatever is structurally
 * usable, so these problems are reported together with type errors.
 * @module
 */
import type { LocatedProblem } from "./zod-problems.js";

interface StageNode {
  /** Index in `stages[]`. */
  index: number;
  /** Normalised refId, or undefined when absent or not a string/number. */
  refId: string | undefined;
  /** Whether the stage has a `refId` that is neither absent nor `null` (of any type). */
  hasRefId: boolean;
  /** Usable requisites: position in `requisiteStageRefIds` and normalised refId. */
  requisites: { position: number; refId: string }[];
}

/** Reports stage-graph problems of `stages` (the raw `stages` value of a pipeline config). */
export function checkStageGraph(stages: unknown): LocatedProblem[] {
  if (!Array.isArray(stages)) return [];
  const nodes = stages.flatMap((stage, index) => (isObject(stage) ? [toNode(stage, index)] : []));
  if (!nodes.some((node) => node.hasRefId)) return []; // linear pipeline: refIds and requisites get assigned
  const problems: LocatedProblem[] = [];
  const byRefId = new Map<string, StageNode>();
  for (const node of nodes) {
    if (!node.hasRefId) {
      problems.push({
        segments: ["stages", node.index, "refId"],
        code: "missing_ref_id",
        message: "stage has no refId, but other stages do (refIds are assigned only when no stage has one)",
      });
    } else if (node.refId !== undefined) {
      const first = byRefId.get(node.refId);
      if (first === undefined) byRefId.set(node.refId, node);
      else {
        problems.push({
          segments: ["stages", node.index, "refId"],
          code: "duplicate_ref_id",
          message: `duplicate refId ${JSON.stringify(node.refId)}, first used by stage ${first.index}`,
        });
      }
    }
  }
  for (const node of nodes) {
    for (const requisite of node.requisites) {
      if (!byRefId.has(requisite.refId)) {
        problems.push({
          segments: ["stages", node.index, "requisiteStageRefIds", requisite.position],
          code: "unknown_requisite",
          message: `requisite stage refId ${JSON.stringify(requisite.refId)} does not match any stage`,
        });
      }
    }
  }
  return [...problems, ...findCycles(nodes, byRefId)];
}

/**
 * One problem per back edge of a depth-first walk along `requisiteStageRefIds`: every reported cycle
 * is distinct, and every cyclic part of the graph gets at least one. The message lists the cycle in
 * run order (`a -> b` means b requires a), starting and ending at the same refId.
 */
function findCycles(nodes: StageNode[], byRefId: Map<string, StageNode>): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const state = new Map<StageNode, "active" | "done">();
  for (const root of nodes) {
    if (state.has(root)) continue;
    const stack: { node: StageNode; next: number }[] = [{ node: root, next: 0 }];
    state.set(root, "active");
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const requisite = frame.node.requisites[frame.next++];
      if (requisite === undefined) {
        state.set(frame.node, "done");
        stack.pop();
        continue;
      }
      const target = byRefId.get(requisite.refId);
      if (target === undefined || state.get(target) === "done") continue;
      if (state.get(target) === "active") {
        const onPath = stack.map((f) => f.node);
        const loop = onPath.slice(onPath.indexOf(target) + 1).reverse();
        const labels = [target, ...loop, target].map((n) => n.refId);
        problems.push({
          segments: ["stages", frame.node.index, "requisiteStageRefIds", requisite.position],
          code: "cycle",
          message: `stages depend on each other in a cycle: ${labels.join(" -> ")}`,
        });
        continue;
      }
      state.set(target, "active");
      stack.push({ node: target, next: 0 });
    }
  }
  return problems;
}

function toNode(stage: Record<string, unknown>, index: number): StageNode {
  const refId = refIdOf(stage["refId"]);
  const raw = stage["requisiteStageRefIds"];
  const requisites = Array.isArray(raw)
    ? raw.flatMap((value: unknown, position) => {
        const id = refIdOf(value);
        return id === undefined ? [] : [{ position, refId: id }];
      })
    : [];
  return { index, refId, hasRefId: stage["refId"] !== undefined && stage["refId"] !== null, requisites };
}

function refIdOf(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

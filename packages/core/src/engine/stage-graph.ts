/**
 * An index of an execution's stage graph (children, upstream and downstream stages), so that the
 * graph questions every message asks cost O(answer) instead of a scan of every stage — for a
 * 1,000-stage execution the scans were most of the engine's work.
 *
 * The index belongs to the stage list of an {@link ExecutionSession}, which owns that list and
 * changes it only through its own methods; the session tells the index which positions it
 * replaced (their stages are mutable copies, so they are always read afresh) and when stages were
 * inserted or removed (the index is then rebuilt when next asked). Between messages the index is
 * kept per execution id and checked against each new read: a stage object that is not the one
 * indexed at its position must have the same id, refId, parent, owner and requisites, or the
 * index is rebuilt. Stage lists no session owns are not indexed: the graph functions scan them.
 * @module
 */
import type { StageExecution } from "../execution/types.js";
import { storedStagesOf } from "../store/stage-origins.js";

/** Stage lists shorter than this are scanned: a scan is cheaper than keeping an index there. */
let INDEX_FROM = 32;

/** For tests: index stage lists from this length on (0: always; Infinity: never). Returns the previous value. */
export function setGraphIndexThreshold(length: number): number {
  const previous = INDEX_FROM;
  INDEX_FROM = length;
  return previous;
}
/** Executions whose index is kept between messages (the longest unused is dropped first). */
const KEPT = 64;

interface Topology {
  /** The stage object indexed at each position (advanced to equivalent newer objects on checks). */
  readonly stages: StageExecution[];
  /** Positions of each stage's direct synthetic children, ascending. */
  readonly children: Map<string, number[]>;
  /** Positions of the stages with a refId in a scope (`scope + refId`), ascending. */
  readonly byRef: Map<string, number[]>;
  /** Positions of the stages requiring a refId in a scope (`scope + refId`), ascending. */
  readonly requiredBy: Map<string, number[]>;
  /** Upstream positions of a stage with several requisites, by its requisite list (a join's, asked once per branch). */
  readonly upstreamByRefs: WeakMap<readonly string[], number[]>;
}

interface Kept {
  topology: Topology;
  /** The store's stored stage list the topology is known to describe (see `stage-origins`). */
  origin: readonly StageExecution[] | undefined;
}

const kept = new Map<string, Kept>();

/** The most recently attached views (a handful of sessions are open at a time). */
const RECENT = 16;
const recent: (GraphView | undefined)[] = new Array<undefined>(RECENT);
let nextRecent = 0;

function scopeKey(s: StageExecution, refId: string): string {
  return `${s.parentStageId ?? ""}\u0000${s.syntheticStageOwner ?? ""}\u0000${refId}`;
}

function add(map: Map<string, number[]>, key: string, position: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [position]);
  else if (list[list.length - 1] !== position) list.push(position);
}

function build(stages: readonly StageExecution[]): Topology {
  const topology: Topology = { stages: stages.slice(), children: new Map(), byRef: new Map(), requiredBy: new Map(), upstreamByRefs: new WeakMap() };
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i]!;
    if (s.parentStageId !== null) add(topology.children, s.parentStageId, i);
    add(topology.byRef, scopeKey(s, s.refId), i);
    for (const r of s.requisiteStageRefIds) add(topology.requiredBy, scopeKey(s, r), i);
  }
  return topology;
}

function sameShape(a: StageExecution, b: StageExecution): boolean {
  if (a.id !== b.id || a.refId !== b.refId || a.parentStageId !== b.parentStageId || a.syntheticStageOwner !== b.syntheticStageOwner) {
    return false;
  }
  const x = a.requisiteStageRefIds;
  const y = b.requisiteStageRefIds;
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Whether `topology` describes `stages`; advances its stage objects to equivalent newer ones. */
function describes(topology: Topology, stages: readonly StageExecution[]): boolean {
  const indexed = topology.stages;
  if (indexed.length !== stages.length) return false;
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i]!;
    if (s === indexed[i]) continue;
    if (!sameShape(s, indexed[i]!)) return false;
    indexed[i] = s;
  }
  return true;
}

/** The execution kept last (the newest entry of `kept`), and its entry. */
let lastKeptId: string | undefined;
let lastKept: Kept | undefined;

function keep(executionId: string, topology: Topology, origin: readonly StageExecution[] | undefined): void {
  if (executionId === lastKeptId && kept.get(executionId) === lastKept) {
    // already the newest entry: update it in place
    lastKept!.topology = topology;
    lastKept!.origin = origin;
    return;
  }
  const entry: Kept = { topology, origin };
  kept.delete(executionId);
  kept.set(executionId, entry);
  lastKeptId = executionId;
  lastKept = entry;
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
}

/** The graph index of one session's stage list. */
export class GraphView {
  readonly #executionId: string;
  readonly #stages: StageExecution[];
  #topology: Topology | undefined;
  #restructured = false;
  /** Positions (in the indexed order) of the stages the session replaced with mutable copies. */
  readonly #volatile: number[] = [];
  /** Ids of the session's own stages (replaced or inserted): always read afresh. */
  readonly #owned: string[] = [];

  private constructor(executionId: string, stages: StageExecution[], topology: Topology) {
    this.#executionId = executionId;
    this.#stages = stages;
    this.#topology = topology;
  }

  /**
   * Index `stages` (a session's fresh read of execution `executionId`, or a turn's copy of one),
   * when it is worth it. `origin`: the store's stored list `stages` copies, when the caller knows
   * it (by default, asked of `stage-origins`).
   */
  static attach(executionId: string, stages: StageExecution[], origin = storedStagesOf(stages)): GraphView | undefined {
    if (stages.length < INDEX_FROM) return undefined;
    const known = kept.get(executionId);
    let topology: Topology;
    if (known !== undefined && origin !== undefined && known.origin === origin) {
      // a copy of the very stored list the index was made for
      topology = known.topology;
    } else if (known !== undefined && describes(known.topology, stages)) {
      topology = known.topology;
    } else {
      topology = build(stages);
    }
    keep(executionId, topology, origin);
    const view = new GraphView(executionId, stages, topology);
    recent[nextRecent] = view;
    nextRecent = (nextRecent + 1) % RECENT;
    return view;
  }

  /** The view of a stage list, if a session indexed it and it still has the indexed length. */
  static of(stages: readonly StageExecution[]): GraphView | undefined {
    for (let k = 1; k <= RECENT; k++) {
      const view = recent[(nextRecent - k + RECENT) % RECENT];
      if (view !== undefined && view.#stages === stages) return view.#current() === undefined ? undefined : view;
    }
    return undefined;
  }

  /**
   * The session wrote its stage list and the store keeps it as `origin`: when the session only
   * replaced stages and none of them changed its place in the graph, the index still holds.
   */
  committed(origin: readonly StageExecution[] | undefined): void {
    const topology = this.#topology;
    if (origin === undefined || topology === undefined || this.#restructured) return;
    for (const i of this.#volatile) if (!sameShape(this.#stages[i]!, topology.stages[i]!)) return;
    keep(this.#executionId, topology, origin);
  }

  /**
   * The stage objects the session replaced are final now (a turn's session committed, or put the
   * read ones back): the index takes them where they keep their place in the graph, and is
   * rebuilt when next asked where one moved.
   */
  settle(): void {
    this.#owned.length = 0;
    const topology = this.#topology;
    if (topology !== undefined) {
      for (const i of this.#volatile) {
        const s = this.#stages[i];
        if (s === undefined || topology.stages.length !== this.#stages.length || !sameShape(s, topology.stages[i]!)) {
          this.#topology = undefined;
          break;
        }
        topology.stages[i] = s;
      }
    }
    this.#volatile.length = 0;
    this.#touch();
  }

  /** Keep the index for the next read of the execution, which the store holds as `origin` now (a turn's final write). */
  keepFor(origin: readonly StageExecution[] | undefined): void {
    const topology = this.#topology;
    if (origin === undefined || topology === undefined || this.#volatile.length > 0 || topology.stages.length !== this.#stages.length) return;
    keep(this.#executionId, topology, origin);
  }

  /** Be the newest of the recent views (found first by {@link GraphView.of}). */
  #touch(): void {
    const last = recent[(nextRecent - 1 + RECENT) % RECENT];
    if (last === this) return;
    recent[nextRecent] = this;
    nextRecent = (nextRecent + 1) % RECENT;
  }

  /** The session replaced the stage at `position` with a mutable copy. */
  replaced(position: number, id: string): void {
    this.#owned.push(id);
    if (this.#topology !== undefined) this.#volatile.push(position);
  }

  /** The session inserted or removed stages: positions moved, rebuild when next asked. */
  restructured(insertedId?: string): void {
    if (insertedId !== undefined) this.#owned.push(insertedId);
    this.#restructured = true;
    this.#topology = undefined;
    this.#volatile.length = 0;
  }

  #current(): Topology | undefined {
    let topology = this.#topology;
    if (topology === undefined) {
      // not kept for later reads: the session's own stages in it may still change
      topology = build(this.#stages);
      const owned = new Set(this.#owned);
      for (let i = 0; i < this.#stages.length; i++) if (owned.has(this.#stages[i]!.id)) this.#volatile.push(i);
      this.#topology = topology;
    }
    return topology.stages.length === this.#stages.length ? topology : undefined;
  }

  /**
   * Stages at the indexed positions `candidates` (still true of them unless replaced) plus the
   * replaced stages `test` accepts, in stage-list order.
   */
  #select(candidates: readonly number[] | undefined, test: (s: StageExecution) => boolean): StageExecution[] {
    const stages = this.#stages;
    const volatile = this.#volatile;
    const out: StageExecution[] = [];
    if (volatile.length === 0) {
      if (candidates !== undefined) for (const i of candidates) out.push(stages[i]!);
      return out;
    }
    const positions: number[] = [];
    if (candidates !== undefined) for (const i of candidates) if (!volatile.includes(i)) positions.push(i);
    for (const i of volatile) if (!positions.includes(i) && test(stages[i]!)) positions.push(i);
    positions.sort((a, b) => a - b);
    for (let k = 0; k < positions.length; k++) if (k === 0 || positions[k] !== positions[k - 1]) out.push(stages[positions[k]!]!);
    return out;
  }

  /** Direct synthetic children of `stage`. */
  children(stage: StageExecution): StageExecution[] {
    const t = this.#current()!;
    return this.#select(t.children.get(stage.id), (s) => s.parentStageId === stage.id);
  }

  /** Stages in `stage`'s scope whose refId it requires. */
  upstream(stage: StageExecution): StageExecution[] {
    const t = this.#current()!;
    const refs = stage.requisiteStageRefIds;
    let candidates: number[] | undefined;
    if (refs.length === 1) {
      candidates = t.byRef.get(scopeKey(stage, refs[0]!));
    } else {
      // a requisite list belongs to one stage (one scope), and the positions depend only on it
      candidates = t.upstreamByRefs.get(refs);
      if (candidates === undefined) {
        const all = new Set<number>();
        for (const r of refs) for (const i of t.byRef.get(scopeKey(stage, r)) ?? []) all.add(i);
        candidates = [...all].sort((a, b) => a - b);
        t.upstreamByRefs.set(refs, candidates);
      }
    }
    return this.#select(candidates, (s) => sameScope(s, stage) && refs.includes(s.refId));
  }

  /** Stages in `stage`'s scope that require its refId. */
  downstream(stage: StageExecution): StageExecution[] {
    const t = this.#current()!;
    return this.#select(t.requiredBy.get(scopeKey(stage, stage.refId)), (s) => sameScope(s, stage) && s.requisiteStageRefIds.includes(stage.refId));
  }
}

function sameScope(a: StageExecution, b: StageExecution): boolean {
  return a.parentStageId === b.parentStageId && a.syntheticStageOwner === b.syntheticStageOwner;
}

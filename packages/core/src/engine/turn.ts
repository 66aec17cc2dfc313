/**
 * A turn: one message taken from the queue plus the follow-ups it causes on the same execution
 * with no delay, handled back to back by the worker that polled it — without a trip through the
 * queue for each follow-up, and with the execution written to the repository once per turn
 * instead of once per message.
 *
 * What a turn changes, and what it does not:
 * - Each handler still reads and writes the execution through a version-checked session; inside the
 *   turn those reads and writes go to the turn's own copy. When the turn ends its changes are
 *   written to the repository in one update, conditional on the version the turn first read; on a
 *   conflict the whole turn is discarded and handled again from its first message (as a single
 *   message's handler is retried today).
 * - Follow-ups for other executions, delayed follow-ups, `ensure` and `reschedule` go to the queue
 *   when the turn is written, after the execution, and before the polled message is acked — the
 *   same order as one message at a time, so a crash loses nothing: the polled message comes back
 *   and its turn runs again.
 * - Events (execution / stage / task started and completed) are published after the write, in the
 *   order the transitions happened, so a listener never sees a state that is not stored; effects
 *   outside the execution that must follow a stored change (starting the pipelines triggered by a
 *   completion) run after them.
 * - A follow-up that fails is not retried inside the turn: the turn is written up to the message
 *   before it, and the failing message goes to the queue, where it gets its own attempts and dead
 *   letter like any other.
 * - A task whose `execute` has not settled within `SLOW_TASK_MS` (runtime.ts) makes the turn write the
 *   execution as it is (so the stage shows RUNNING while the task works, and its events are out),
 *   taking the task's stage lock first; the turn then ends after that task's message.
 * - A turn ends when no follow-up for its execution is left, after `budget` messages, or after a
 *   slow task. The polled message is acked only after the turn's last write.
 * - The handlers share the turn's working copy of the execution: each message's session changes
 *   it in place, copying only the stages it changes (what a session does not commit is undone
 *   when the handler returns; a failed follow-up's commits are undone too).
 * - Follow-ups that a turn would handle next anyway are done by the handler that causes them, in
 *   its own session: a stage without before-stages starts its first task itself (StartTask) and
 *   runs it (RunTask, when nothing would make RunTask do anything else), a task's completion is
 *   recorded at once (CompleteTask), and a completion that ends a stage whose type has no after- or
 *   on-failure-stage hook completes the stage (CompleteStage): a single-task stage is one message,
 *   one stage copy and one commit. The state, the events (a stage's start, its tasks' events, its
 *   completion) and what is stored are the same as one message at a time. A task that returns a
 *   promise has its stage's start committed first and goes on as RunTask would ({@link
 *   Turn.continueAs}: its own rollback, retries and checkpoint); when recording a task's end fails,
 *   the turn handles the StartStage again without running the task, so the failure is RunTask's.
 * @module
 */
import { NotFoundError, VersionConflictError } from "../errors.js";
import type { PipelineExecution, StageExecution } from "../execution/types.js";
import type { EngineEvents } from "../events/events.js";
import { messageExecutionId, sameMessage, type Message, type RunTask } from "../queue/messages.js";
import type { Delivery, Queue } from "../queue/queue.js";
import type { ExecutionChanges, ExecutionQuery, ExecutionRepository } from "../store/repository.js";
import {
  copyExecution,
  freezeStored,
  keepsStoredForms,
  retrieveStored,
  updateStored,
  type InMemoryExecutionRepository,
} from "../store/memory-repository.js";
import { storedStagesOf } from "../store/stage-origins.js";
import { stageLockKey } from "./handlers/index.js";
import { FusedRunFailed } from "./handlers/task.js";
import { Runtime } from "./runtime.js";
import { ExecutionSession } from "./session.js";
import { GraphView } from "./stage-graph.js";
import { stageById } from "./stage-index.js";

/** How the turn hands a message to its handler (the engine's dispatch). */
export type MessageHandler = (rt: Runtime, message: Message) => Promise<void> | undefined;

type QueueWrite = { op: "push" | "ensure" | "reschedule"; message: Message; delayMs: number };
type PendingEvent = { name: string; payload: unknown };
type Mark = { written: number; localVersion: number; log: number; inline: number; writes: number; events: number; effects: number };

/** One turn over one execution. Create one per polled message (and per retry of it). */
export class Turn {
  /** The runtime the turn's handlers get: same settings, the turn's repository, queue and events. */
  readonly runtime: Runtime;
  readonly #base: Runtime;
  readonly #executionId: string;
  readonly #delivery: Delivery;

  // The turn's working copy of the execution (its own top-level object and stage list; stage
  // objects are replaced, never changed, once committed), the index of its stage list, and the
  // execution as the turn first read it. The sessions of the turn's messages change the working
  // copy in place, one at a time: the one handed out last is open until it commits or is released
  // (its changes undone), and those committed while the message in hand runs are undone if it fails.
  #work: PipelineExecution | undefined;
  #graph: GraphView | undefined;
  #first: PipelineExecution | undefined;
  #open: ExecutionSession | undefined;
  readonly #committed: ExecutionSession[] = [];
  /** The copy of the working copy events of the current version carry (see {@link event}). */
  #eventView: PipelineExecution | undefined;
  #realVersion = 0;
  #localVersion = 0;
  /** What each commit since the last write changed, and their union (what the write says it changed). */
  #log: ExecutionChanges[] = [];
  #merged: MergedChanges | undefined;

  // follow-ups handled in this turn, FIFO
  #inline: Message[] = [];
  /**
   * Positions in {@link #inline} by stage id ("" for none; only those from `#head` on are
   * pending), once more than SCAN_PENDING were pending at a push.
   */
  #inlineByStage: Map<string, number[]> | undefined;
  #head = 0;
  #writes: QueueWrite[] = [];
  #events: PendingEvent[] = [];
  #effects: Array<(rt: Runtime) => Promise<void>> = [];
  #current: Message | undefined;
  /** True once the turn wrote part of its work for a slow task (it then takes no more follow-ups). */
  #checkpointed = false;
  /** The stage lock {@link checkpoint} took for the task in hand. */
  #heldLock: string | undefined;
  /** How many times the turn wrote (a checkpoint, then the end). */
  #written = 0;

  /** The repository, when the turn reads and writes its stored forms directly (see `keepsStoredForms`). */
  readonly #stored: InMemoryExecutionRepository | undefined;

  constructor(base: Runtime, executionId: string, delivery: Delivery) {
    this.#base = base;
    const repository = base.config.repository;
    this.#stored = keepsStoredForms(repository) ? repository : undefined;
    this.#executionId = executionId;
    this.#delivery = delivery;
    this.runtime = new Runtime(
      {
        ...base.config,
        repository: new TurnRepository(this, base.config.repository, executionId),
        queue: new TurnQueue(this, base.config.queue),
        events: new TurnEvents(this) as unknown as EngineEvents,
      },
      this,
    );
  }

  /**
   * Whether this follow-up RunTask's task was started by this turn and the turn is not written yet: then no
   * other worker can see the task RUNNING, and it runs without the stage lock (taken at
   * {@link checkpoint} if the task turns out slow).
   */
  startedHere(m: RunTask): boolean {
    // never the polled message: it came through the queue (and a store may have locked for it at the poll)
    if (this.#checkpointed || this.#first === undefined || m === this.#delivery.message || m.executionId !== this.#executionId) return false;
    const stage = stageById(this.#first, m.stageId);
    return stage?.tasks.find((t) => t.id === m.taskId)?.status !== "RUNNING";
  }

  /** Whether the turn already wrote part of its work (for a slow task). */
  get checkpointed(): boolean {
    return this.#checkpointed;
  }

  /**
   * Handle the polled message and then its follow-ups, up to `budget` messages, and write the
   * result. Throws what the polled message's handler throws (nothing written then), and
   * `VersionConflictError` when the execution changed under the turn.
   */
  async run(handle: MessageHandler, budget: number): Promise<void> {
    this.#current = this.#delivery.message;
    const start = this.#mark();
    for (;;) {
      try {
        const handled = handle(this.runtime, this.#delivery.message);
        if (handled !== undefined) await handled;
        break;
      } catch (error) {
        if (!(error instanceof FusedRunFailed)) throw error;
        // handle it again, without running the task at the stage's start (nothing was written)
        this.#rollback(start);
        this.#localVersion = this.#realVersion;
        if (this.#work !== undefined) this.#work.version = this.#realVersion;
        this.#noRunAtStart(error.stageId);
      } finally {
        if (this.#heldLock !== undefined) await this.#releaseHeldLock();
      }
    }
    this.#settle();
    let handled = 1;
    while (handled < budget && !this.#checkpointed && this.#head < this.#inline.length) {
      const m = this.#inline[this.#head]!;
      this.#head++;
      const mark = this.#mark();
      this.#current = m;
      try {
        try {
          const pending = handle(this.runtime, m);
          if (pending !== undefined) await pending;
        } finally {
          if (this.#heldLock !== undefined) await this.#releaseHeldLock();
        }
        this.#settle();
        handled++;
      } catch (error) {
        // undo what the failing handler did, and give the message to the queue's retries
        this.#rollback(mark);
        if (error instanceof FusedRunFailed) {
          // handle it again at once, without running the task at the stage's start
          this.#noRunAtStart(error.stageId);
          this.#head--;
          continue;
        }
        this.#writes.push({ op: "push", message: m, delayMs: 0 });
        this.#base.config.logger.warn(`${m.kind} failed inside a turn; queued for its own retries`, { error: String(error) });
        break;
      }
    }
    this.#current = undefined;
    await this.#write(true);
  }

  /**
   * The task of the current RunTask is slow: write the execution as it is and publish its events
   * (taking the task's stage lock first when the write makes the task visible), and take no more
   * follow-ups after this message.
   */
  async checkpoint(): Promise<void> {
    if (this.#checkpointed) return;
    const current = this.#current;
    if (current?.kind === "RunTask" && this.startedHere(current as RunTask)) {
      // from now on other workers can see the task RUNNING: hold its stage lock like any RunTask
      const key = stageLockKey(current as RunTask);
      if (await this.#base.config.stageLock.tryAcquire(key, this.#base.config.runTaskLeaseMs)) this.#heldLock = key;
    }
    this.#checkpointed = true;
    await this.#write(false);
  }

  /** After a message's handler: release the stage lock {@link checkpoint} took for it. */
  async #releaseHeldLock(): Promise<void> {
    const key = this.#heldLock;
    this.#heldLock = undefined;
    if (key !== undefined) await this.#base.config.stageLock.release(key);
  }

  /** Stages whose StartStage does not run their first task in this turn (see {@link mayRunAtStart}). */
  #notRunAtStart: Set<string> | undefined;

  #noRunAtStart(stageId: string): void {
    (this.#notRunAtStart ??= new Set()).add(stageId);
  }

  /**
   * @internal Whether StartStage may run the first task of stage `stageId` itself (`runStartedTask`):
   * not after a checkpoint, nor again after recording such a run failed in this turn.
   */
  mayRunAtStart(stageId: string): boolean {
    return !this.#checkpointed && (this.#notRunAtStart === undefined || !this.#notRunAtStart.has(stageId));
  }

  /**
   * @internal The handler in hand has committed its part and goes on with `rest` as the turn would
   * handle follow-up `m` (a task StartStage started and ran, which returned a promise: RunTask's
   * part). A failure of `rest` undoes only what `rest` did and queues `m` for its own retries, and
   * a checkpoint during `rest` treats it as `m`; the handler in hand succeeds either way.
   */
  async continueAs(m: Message, rest: () => Promise<void>): Promise<void> {
    this.#settle();
    const mark = this.#mark((this.#nestedMark ??= newMark()));
    const outer = this.#current;
    this.#current = m;
    try {
      try {
        await rest();
      } finally {
        if (this.#heldLock !== undefined) await this.#releaseHeldLock();
      }
      this.#settle();
    } catch (error) {
      this.#rollback(mark);
      this.#writes.push({ op: "push", message: m, delayMs: 0 });
      this.#base.config.logger.warn(`${m.kind} failed inside a turn; queued for its own retries`, { error: String(error) });
    } finally {
      this.#current = outer;
    }
  }

  /** A message's handler returned: what it did not commit is undone, what it committed stays. */
  #settle(): void {
    this.#release();
    this.#committed.length = 0;
  }

  /** Undo the open session's uncommitted changes (it takes no more). */
  #release(): void {
    const open = this.#open;
    if (open === undefined) return;
    this.#open = undefined;
    open.release();
    this.#eventView = undefined;
  }

  /** The mark of the message in hand (one object, set again for each message). */
  readonly #markState: Mark = newMark();
  /** The mark {@link continueAs} takes. */
  #nestedMark: Mark | undefined;

  /** Position in the turn's logs, to undo a failed handler (in `m`). */
  #mark(m: Mark = this.#markState): Mark {
    m.written = this.#written;
    m.localVersion = this.#localVersion;
    m.log = this.#log.length;
    m.inline = this.#inline.length;
    m.writes = this.#writes.length;
    m.events = this.#events.length;
    m.effects = this.#effects.length;
    return m;
  }

  #rollback(mark: Mark): void {
    // the working copy as it was before the message: its uncommitted changes, then its commits, undone
    this.#release();
    for (let i = this.#committed.length - 1; i >= 0; i--) this.#committed[i]!.undo();
    this.#committed.length = 0;
    this.#eventView = undefined;
    this.#localVersion = mark.localVersion;
    if (this.#work !== undefined) this.#work.version = mark.localVersion;
    this.#inline.length = mark.inline;
    if (this.#written !== mark.written) {
      // a checkpoint (a slow task: before its handler committed anything) wrote the state as it
      // was at the mark and sent what was buffered then: drop only what came after it
      this.#log = [];
      this.#merged = undefined;
      this.#writes = [];
      this.#events = [];
      this.#effects = [];
      return;
    }
    if (this.#log.length !== mark.log) {
      this.#log.length = mark.log;
      this.#merged = undefined;
      for (const c of this.#log) this.#merged = mergeInto(this.#merged, c);
    }
    this.#writes.length = mark.writes;
    this.#events.length = mark.events;
    this.#effects.length = mark.effects;
  }

  /** Write the execution, then the queue writes (and the follow-ups not handled), then publish events. */
  async #write(all: boolean): Promise<void> {
    if (this.#merged !== undefined && this.#work !== undefined) {
      const changes = this.#merged;
      const committed = this.#committedView();
      const repository = this.#base.config.repository;
      let origin: readonly StageExecution[] | undefined;
      if (this.#stored !== undefined) {
        // the in-memory store keeps this copy as it is (see updateStored)
        const written = updateStored(this.#stored, copyExecution(committed, this.#realVersion, committed.stages.slice()));
        this.#realVersion = written.version;
        origin = written.stages;
      } else {
        const written = await repository.update(copyExecution(committed, this.#realVersion, committed.stages), changes);
        this.#realVersion = written.version;
        origin = storedStagesOf(committed.stages);
      }
      this.#merged = undefined;
      this.#log = [];
      // the next read of the execution (the next turn's) finds the index of its stage list ready
      if (all && committed === this.#work) this.#graph?.keepFor(origin);
    }
    // (counted once the execution is written: a checkpoint that lost a race wrote nothing, and a
    // rollback must keep what came before it)
    this.#written++;
    const queue = this.#base.config.queue;
    for (const w of this.#writes) await queue[w.op](w.message, w.delayMs);
    this.#writes = [];
    if (all) {
      for (let i = this.#head; i < this.#inline.length; i++) await queue.push(this.#inline[i]!, 0);
      this.#inline = [];
      this.#inlineByStage = undefined;
      this.#head = 0;
    }
    const events = this.#base.config.events;
    const pending = this.#events;
    // a listener is handed parts of what was written: frozen, as a reader of the store would get them
    if (pending.length > 0 && this.#stored !== undefined) freezeStored(this.#stored, this.#executionId);
    this.#events = [];
    for (const e of pending) (events.emit as (name: string, payload: unknown) => boolean)(e.name, e.payload);
    const effects = this.#effects;
    this.#effects = [];
    for (const effect of effects) await effect(this.#base);
  }

  // ---- what the turn's repository, queue and events call ---------------------------------------

  /** The first read of the execution: the working copy is made from it. */
  async #read(): Promise<PipelineExecution | undefined> {
    // the in-memory store's stored form itself when it can be had (the working copy is the only copy)
    const stored = this.#stored;
    const e = stored !== undefined ? retrieveStored(stored, this.#executionId) : await this.#base.config.repository.retrieve(this.#executionId);
    if (e === undefined || this.#work !== undefined) return e;
    this.#realVersion = e.version;
    this.#localVersion = e.version;
    this.#first = e;
    const work = copyExecution(e, e.version, e.stages.slice());
    this.#work = work;
    this.#graph = GraphView.attach(work.id, work.stages, stored !== undefined ? e.stages : storedStagesOf(e.stages));
    return e;
  }

  /** The working copy as committed: without the changes of a session still open (at a checkpoint, say). */
  #committedView(): PipelineExecution {
    const work = this.#work!;
    const open = this.#open;
    return open === undefined || !open.dirty ? work : open.before;
  }

  /** @internal A copy of the execution as committed in this turn (as read first). */
  async retrieve(): Promise<PipelineExecution | undefined> {
    if (this.#work === undefined && (await this.#read()) === undefined) return undefined;
    const committed = this.#committedView();
    return copyExecution(committed, this.#localVersion, committed.stages.slice());
  }

  /**
   * @internal A session over the turn's working copy of execution `id` (undefined when it does not
   * exist). Any session handed out before that was not committed is released first. Without a
   * promise once the turn has read the execution.
   */
  session(id: string): ExecutionSession | Promise<ExecutionSession | undefined> {
    if (this.#work === undefined) {
      return this.#read().then((e) => {
        if (e !== undefined) return this.#newSession();
        this.#base.config.logger.warn(`no execution ${id}; message ignored`);
        return undefined;
      });
    }
    return this.#newSession();
  }

  #newSession(): ExecutionSession {
    this.#release();
    const session = new ExecutionSession(this.#work!, this.#graph ?? null);
    this.#open = session;
    return session;
  }

  /** @internal Whether sessions of execution `id` are the turn's (see {@link session}). */
  holds(id: string): boolean {
    return id === this.#executionId;
  }

  /** @internal */
  async update(execution: PipelineExecution, changes: ExecutionChanges): Promise<PipelineExecution> {
    return this.updateNow(execution, changes);
  }

  /** @internal {@link update}, without a promise (and its errors thrown). */
  updateNow(execution: PipelineExecution, changes: ExecutionChanges): PipelineExecution {
    const work = this.#work;
    if (work === undefined) throw new NotFoundError("execution", execution.id);
    if (execution.version !== this.#localVersion) throw new VersionConflictError(execution.id, execution.version, this.#localVersion);
    if (execution !== work) {
      // not a session of this turn (a copy from `retrieve`, written back): it becomes the working copy
      this.#release();
      execution = copyExecution(execution, execution.version, execution.stages.slice());
      this.#work = execution;
      this.#graph = GraphView.attach(execution.id, execution.stages);
    } else {
      const open = this.#open;
      if (open !== undefined && open.execution === work) {
        this.#committed.push(open);
        this.#open = undefined;
      }
    }
    this.#log.push(changes);
    this.#merged = mergeInto(this.#merged, changes);
    this.#localVersion++;
    execution.version = this.#localVersion;
    this.#eventView = undefined;
    return execution;
  }

  /** @internal */
  queueWrite(op: QueueWrite["op"], message: Message, delayMs: number): void {
    if (op === "push" && delayMs <= 0 && messageExecutionId(message) === this.#executionId) {
      // a pending follow-up with the same content stands for this one (as in the queue). A few
      // pending are scanned; from SCAN_PENDING on (a 100-wide fan-out pushes 100 of each with 100
      // pending) only those of the same stage are compared.
      const position = this.#inline.length;
      let index = this.#inlineByStage;
      if (index === undefined && position - this.#head > SCAN_PENDING) {
        index = this.#inlineByStage = new Map();
        for (let i = this.#head; i < position; i++) addByStage(index, this.#inline[i]!, i);
      }
      if (index === undefined) {
        for (let i = this.#head; i < position; i++) if (sameMessage(this.#inline[i]!, message)) return;
      } else {
        const same = index.get(stageKey(message));
        if (same !== undefined) {
          for (const i of same) {
            // (positions handled already, or dropped by a rollback, are no longer pending)
            if (i >= this.#head && i < position && sameMessage(this.#inline[i]!, message)) return;
          }
        }
        addByStage(index, message, position);
      }
      this.#inline.push(message);
    } else {
      this.#writes.push({ op, message, delayMs });
    }
  }

  /** @internal */
  afterWrite(effect: (rt: Runtime) => Promise<void>): void {
    this.#effects.push(effect);
  }

  /**
   * @internal An event to publish once the turn is written. Nobody listening: dropped. The working
   * copy changes in place as the turn goes on, so an event's `execution` is a copy of it as it is
   * now (one copy per version, shared by that version's events).
   */
  event(name: string, payload: unknown): void {
    if (this.#base.config.events.listenerCount(name as never) === 0) return;
    this.#events.push({ name, payload: this.#detached(payload) });
  }

  #detached(payload: unknown): unknown {
    const work = this.#work;
    if (work === undefined || payload === null || typeof payload !== "object") return payload;
    const p = payload as { execution?: unknown; content?: { execution?: unknown } };
    if (p.execution === work) return { ...p, execution: this.#view(work) };
    if (p.content !== null && typeof p.content === "object" && p.content.execution === work) {
      return { ...p, content: { ...p.content, execution: this.#view(work) } };
    }
    return payload;
  }

  #view(work: PipelineExecution): PipelineExecution {
    // an open session may still change the working copy: no reuse then
    if (this.#eventView !== undefined && this.#open === undefined) return this.#eventView;
    const view = copyExecution(work, work.version, work.stages.slice());
    if (this.#open === undefined) this.#eventView = view;
    return view;
  }

  /** @internal */
  listening(): boolean {
    return this.#base.config.events.listening();
  }

  /** @internal */
  listenerCount(name: string): number {
    return this.#base.config.events.listenerCount(name as never);
  }
}

function newMark(): Mark {
  return { written: 0, localVersion: 0, log: 0, inline: 0, writes: 0, events: 0, effects: 0 };
}

/** Pending follow-ups scanned for a duplicate before they are indexed by stage (see `queueWrite`). */
const SCAN_PENDING = 8;

function addByStage(index: Map<string, number[]>, m: Message, position: number): void {
  const key = stageKey(m);
  const list = index.get(key);
  if (list === undefined) index.set(key, [position]);
  else list.push(position);
}

/** The stage a message is about ("" for none): messages with the same content have the same. */
function stageKey(m: Message): string {
  const stageId = (m as { stageId?: unknown }).stageId;
  return typeof stageId === "string" ? stageId : "";
}

type MergedChanges = { stages: Set<string>; removedStages: Set<string>; execution: boolean; order: boolean };

/** `merged` (new when undefined) with the changes of a later update added: the union, as one update. */
function mergeInto(merged: MergedChanges | undefined, c: ExecutionChanges): MergedChanges {
  const m = merged ?? { stages: new Set<string>(), removedStages: new Set<string>(), execution: false, order: false };
  if (c.removedStages.size > 0) {
    c.removedStages.forEach((id) => {
      m.stages.delete(id);
      m.removedStages.add(id);
    });
  }
  // (forEach: no iterator object per commit)
  c.stages.forEach((id) => {
    m.stages.add(id);
    m.removedStages.delete(id);
  });
  m.execution ||= c.execution;
  m.order ||= c.order;
  return m;
}

/** The repository a turn's handlers see: the turn's execution from the turn, the rest passed through. */
class TurnRepository implements ExecutionRepository {
  constructor(
    readonly turn: Turn,
    readonly real: ExecutionRepository,
    readonly executionId: string,
  ) {}
  create(execution: PipelineExecution) {
    return this.real.create(execution);
  }
  retrieve(id: string) {
    return id === this.executionId ? this.turn.retrieve() : this.real.retrieve(id);
  }
  update(execution: PipelineExecution, changes: ExecutionChanges) {
    return execution.id === this.executionId ? this.turn.update(execution, changes) : this.real.update(execution, changes);
  }
  list(query?: ExecutionQuery) {
    return this.real.list(query);
  }
  delete(id: string) {
    return this.real.delete(id);
  }
  pushPending(pipelineConfigId: string, message: Message) {
    return this.real.pushPending(pipelineConfigId, message);
  }
  popPending(pipelineConfigId: string, which: "oldest" | "newest") {
    return this.real.popPending(pipelineConfigId, which);
  }
  purgePending(pipelineConfigId: string) {
    return this.real.purgePending(pipelineConfigId);
  }
  pending(pipelineConfigId: string) {
    return this.real.pending(pipelineConfigId);
  }
}

/** The queue a turn's handlers see: writes held by the turn, reads passed through. */
class TurnQueue implements Queue {
  constructor(
    readonly turn: Turn,
    readonly real: Queue,
  ) {}
  push(message: Message, delayMs = 0) {
    this.turn.queueWrite("push", message, delayMs);
    return Promise.resolve();
  }
  ensure(message: Message, delayMs = 0) {
    this.turn.queueWrite("ensure", message, delayMs);
    return Promise.resolve();
  }
  reschedule(message: Message, delayMs = 0) {
    this.turn.queueWrite("reschedule", message, delayMs);
    return Promise.resolve();
  }
  poll(leaseMs?: number) {
    return this.real.poll(leaseMs);
  }
  ack(delivery: Delivery) {
    return this.real.ack(delivery);
  }
  retry(delivery: Delivery, reason: string, delayMs?: number) {
    return this.real.retry(delivery, reason, delayMs);
  }
  nextDueAt() {
    return this.real.nextDueAt();
  }
  deadLetters() {
    return this.real.deadLetters();
  }
  size() {
    return this.real.size();
  }
  messagesFor(executionId: string) {
    return this.real.messagesFor(executionId);
  }
}

/** The emitter a turn's handlers see: events held until the turn is written. */
class TurnEvents {
  constructor(readonly turn: Turn) {}
  emit(name: string, payload: unknown): boolean {
    this.turn.event(name, payload);
    return true;
  }
  listenerCount(name: string): number {
    return this.turn.listenerCount(name);
  }
  listening(): boolean {
    return this.turn.listening();
  }
}

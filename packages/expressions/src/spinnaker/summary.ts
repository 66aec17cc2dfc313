/**
 * kork's `ExpressionEvaluationSummary`: what went wrong while walking a pipeline or stage map.
 * @module
 */

/** Severity of a summary entry: `INFO` for an unresolved (null) expression, `ERROR` for an exception. */
export type SummaryLevel = "ERROR" | "INFO";

/** One entry of an {@link ExpressionEvaluationSummary} (kork's `ExpressionEvaluationSummary.Result`). */
export interface SummaryResult {
  /** `ERROR` or `INFO`. */
  level: SummaryLevel;
  /** When the failure was recorded, epoch milliseconds. */
  timestamp: number;
  /** `Failed to evaluate [<keys>] <message>`. */
  description: string;
  /** Simple class name of the innermost cause (`SpelEvaluationException`, ...); null for INFO entries. */
  exceptionType: string | null;
}

/** The JSON form Orca stores under `expressionEvaluationSummary`: escaped expression → entries. */
export type SummaryResults = Record<string, SummaryResult[]>;

/** The JSON form of a whole {@link ExpressionEvaluationSummary}. */
export interface SummaryJson {
  /** Entries keyed by escaped expression. */
  expressionResult: SummaryResults;
  /** INFO + ERROR entries recorded. */
  failureCount: number;
  /** Strings containing `${` that were evaluated. */
  totalEvaluated: number;
}

/**
 * Collects the failures of one walk. Entries are keyed by the "escaped" expression (the text
 * without `${`/`}`); each key holds a set of results (identical level/description/exceptionType
 * are kept once, as Java's `HashSet` of equal results would).
 */
export class ExpressionEvaluationSummary {
  readonly #results = new Map<string, SummaryResult[]>();
  readonly #attempted = new Set<string>();
  #failureCount = 0;
  #totalEvaluated = 0;

  /** @param now clock used for entry timestamps (epoch milliseconds) */
  constructor(private readonly now: () => number = Date.now) {}

  /** Records a failure under `escapedExpression` and bumps {@link ExpressionEvaluationSummary.failureCount}. */
  add(escapedExpression: string, level: SummaryLevel, description: string, exceptionType: string | null): void {
    let list = this.#results.get(escapedExpression);
    if (!list) {
      list = [];
      this.#results.set(escapedExpression, list);
    }
    if (!list.some((r) => r.level === level && r.description === description && r.exceptionType === exceptionType)) {
      list.push({ level, timestamp: this.now(), description, exceptionType });
    }
    this.#failureCount++;
  }

  /** Notes that `escapedExpression` was evaluated in this walk (successfully or not). */
  appendAttempted(escapedExpression: string): void {
    this.#attempted.add(escapedExpression);
  }

  /** True when `escapedExpression` was evaluated in this walk. */
  wasAttempted(escapedExpression: string): boolean {
    return this.#attempted.has(escapedExpression);
  }

  /** The entries recorded for `escapedExpression`, or null when it has none. */
  getResult(escapedExpression: string): readonly SummaryResult[] | null {
    return this.#results.get(escapedExpression) ?? null;
  }

  /** Counts one evaluated string. */
  incrementTotalEvaluated(): void {
    this.#totalEvaluated++;
  }

  /** Number of INFO and ERROR entries recorded. */
  get failureCount(): number {
    return this.#failureCount;
  }

  /** Number of strings containing `${` that were evaluated. */
  get totalEvaluated(): number {
    return this.#totalEvaluated;
  }

  /** The escaped expressions that have entries. */
  keys(): string[] {
    return [...this.#results.keys()];
  }

  /** Adds every entry and count of `other` to this summary. */
  merge(other: ExpressionEvaluationSummary): void {
    for (const [k, list] of other.#results) {
      const mine = this.#results.get(k) ?? [];
      for (const r of list) {
        if (!mine.some((m) => m.level === r.level && m.description === r.description && m.exceptionType === r.exceptionType)) mine.push({ ...r });
      }
      this.#results.set(k, mine);
    }
    for (const a of other.#attempted) this.#attempted.add(a);
    this.#failureCount += other.#failureCount;
    this.#totalEvaluated += other.#totalEvaluated;
  }

  /** What Orca stores under `expressionEvaluationSummary`: a fresh plain object of fresh entries. */
  results(): SummaryResults {
    const out: SummaryResults = {};
    for (const [k, list] of this.#results) out[k] = list.map((r) => ({ ...r }));
    return out;
  }

  /** JSON form: entries plus counts. */
  toJSON(): SummaryJson {
    return { expressionResult: this.results(), failureCount: this.#failureCount, totalEvaluated: this.#totalEvaluated };
  }

  /** kork's `toString()` shape, for logs. */
  toString(): string {
    return `ExpressionEvaluationSummary{expressionResult=${JSON.stringify(this.results())}, failureCount=${this.#failureCount}, totalEvaluated=${this.#totalEvaluated}}`;
  }
}

/**
 * Lines from a readable stream, one at a time, for terminal prompts. One reader serves a whole
 * run, so lines typed (or piped) ahead of a question are kept for the next one.
 * @module
 */
import { createInterface, type Interface } from "node:readline";

/** Reads lines on demand. */
export class LineReader {
  readonly #rl: Interface;
  readonly #lines: string[] = [];
  readonly #waiters: Array<(line: string | undefined) => void> = [];
  #ended = false;

  constructor(input: NodeJS.ReadableStream) {
    // terminal: false — a terminal in its normal (cooked) mode echoes and edits the line itself
    this.#rl = createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
    this.#rl.on("line", (line) => {
      const waiter = this.#waiters.shift();
      if (waiter) waiter(line);
      else this.#lines.push(line);
    });
    this.#rl.on("close", () => {
      this.#ended = true;
      for (const w of this.#waiters.splice(0)) w(undefined);
    });
  }

  /** The next line; undefined at end of input or when `signal` aborts first. */
  next(signal?: AbortSignal): Promise<string | undefined> {
    const ready = this.#lines.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.#ended || signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter = (line: string | undefined) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(line);
      };
      const onAbort = () => {
        const i = this.#waiters.indexOf(waiter);
        if (i !== -1) this.#waiters.splice(i, 1);
        resolve(undefined);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Stop reading (lets the process exit). */
  close(): void {
    this.#rl.close();
  }
}

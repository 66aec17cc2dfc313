/**
 * The stage lock: a contract every `StageLock` must meet (run on core's in-memory lock and on
 * PostgresStageLock), then what only the PostgreSQL lock does — owners, leases renewed while the
 * holder lives and lapsing when it dies.
 */
import { InMemoryStageLock, VirtualClock, type StageLock } from "@gennaker/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStageLock, type PostgresLogger } from "../src/index.js";
import { startPostgres, type PostgresServer } from "./pg-server.mjs";

let server: PostgresServer | undefined;
let pool: pg.Pool;
let schemas = 0;
const newSchema = () => `lock_${process.pid}_${++schemas}`;

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 20 });
});

afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

interface LockFixture {
  /** Two holders (two processes); the same object for a per-process lock. */
  a: StageLock;
  b: StageLock;
  clock: VirtualClock;
  /** Whether `a` and `b` are separate holders (then b cannot release a's lock). */
  separateHolders: boolean;
  close(): Promise<void>;
}

function stageLockContract(name: string, create: () => Promise<LockFixture>): void {
  describe(`StageLock contract: ${name}`, () => {
    const withLock = (fn: (f: LockFixture) => Promise<void>) => async () => {
      const f = await create();
      try {
        await fn(f);
      } finally {
        await f.close();
      }
    };

    it(
      "grants a free lock once and refuses it while held",
      withLock(async ({ a, b }) => {
        expect(await a.tryAcquire("e1:s1", 10_000)).toBe(true);
        expect(await b.tryAcquire("e1:s1", 10_000)).toBe(false);
        expect(await a.tryAcquire("e1:s1", 10_000)).toBe(false);
      }),
    );

    it(
      "keeps keys independent",
      withLock(async ({ a, b }) => {
        expect(await a.tryAcquire("e1:s1", 10_000)).toBe(true);
        expect(await b.tryAcquire("e1:s2", 10_000)).toBe(true);
        expect(await b.tryAcquire("e2:s1", 10_000)).toBe(true);
      }),
    );

    it(
      "frees the lock on release",
      withLock(async ({ a, b }) => {
        expect(await a.tryAcquire("k", 10_000)).toBe(true);
        await a.release("k");
        expect(await b.tryAcquire("k", 10_000)).toBe(true);
      }),
    );

    it(
      "expires a lock after its TTL (a crashed holder) and not before",
      withLock(async ({ a, b, clock }) => {
        expect(await a.tryAcquire("k", 5_000)).toBe(true);
        clock.advance(4_999);
        expect(await b.tryAcquire("k", 5_000)).toBe(false);
        clock.advance(1);
        expect(await b.tryAcquire("k", 5_000)).toBe(true);
        expect(await a.tryAcquire("k", 5_000)).toBe(false);
      }),
    );

    it(
      "releasing a lock one does not hold is harmless",
      withLock(async ({ a, b, separateHolders }) => {
        await b.release("never-taken");
        expect(await a.tryAcquire("k", 10_000)).toBe(true);
        if (separateHolders) {
          await b.release("k");
          expect(await b.tryAcquire("k", 10_000)).toBe(false);
        }
      }),
    );

    it(
      "grants a contended lock to exactly one of many concurrent callers",
      withLock(async ({ a, b }) => {
        const results = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).tryAcquire("hot", 10_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
      }),
    );
  });
}

stageLockContract("InMemoryStageLock", async () => {
  const clock = new VirtualClock();
  const lock = new InMemoryStageLock(() => clock.now());
  return { a: lock, b: lock, clock, separateHolders: false, close: async () => {} };
});

stageLockContract("PostgresStageLock", async () => {
  const clock = new VirtualClock();
  const schema = newSchema();
  // a lease longer than any TTL used: the contract is about the TTL the engine asks for
  const a = new PostgresStageLock({ pool, schema, clock, leaseMs: 3_600_000 });
  const b = new PostgresStageLock({ pool, schema, clock, leaseMs: 3_600_000 });
  await a.ready();
  return {
    a,
    b,
    clock,
    separateHolders: true,
    async close() {
      await a.close();
      await b.close();
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    },
  };
});

function quietLogger(): PostgresLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (message) => void warnings.push(message) };
}

describe("PostgresStageLock", () => {
  it("keeps the lock of a live holder past its lease by renewing it, up to the TTL", async () => {
    const schema = newSchema();
    const a = new PostgresStageLock({ pool, schema, leaseMs: 300 });
    const b = new PostgresStageLock({ pool, schema, leaseMs: 300 });
    try {
      expect(await a.tryAcquire("k", 1_500)).toBe(true);
      await new Promise((r) => setTimeout(r, 900)); // three leases
      expect(await b.tryAcquire("k", 10_000)).toBe(false);
      await new Promise((r) => setTimeout(r, 1_000)); // past the TTL: no more renewals
      expect(await b.tryAcquire("k", 10_000)).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("frees a dead holder's lock one lease later, not after the engine's 10-minute TTL", async () => {
    const schema = newSchema();
    const logger = quietLogger();
    const dead = new PostgresStageLock({ connectionString: server!.connectionString, schema, leaseMs: 400, logger, reconnectForMs: 0 });
    const b = new PostgresStageLock({ pool, schema, leaseMs: 400 });
    try {
      expect(await dead.tryAcquire("k", 600_000)).toBe(true);
      // the holder "crashes": its connections are gone, it renews nothing any more
      await dead.pool.end();
      expect(await b.tryAcquire("k", 600_000)).toBe(false);
      const started = Date.now();
      while (!(await b.tryAcquire("k", 600_000))) await new Promise((r) => setTimeout(r, 50));
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await b.close();
    }
  });

  it("a holder whose lease lapsed cannot release the lock a new holder took", async () => {
    const clock = new VirtualClock();
    const schema = newSchema();
    const a = new PostgresStageLock({ pool, schema, clock, leaseMs: 1_000 });
    const b = new PostgresStageLock({ pool, schema, clock, leaseMs: 1_000 });
    try {
      expect(await a.tryAcquire("k", 600_000)).toBe(true);
      clock.advance(1_000); // a's lease ran out (it did not renew in virtual time)
      expect(await b.tryAcquire("k", 600_000)).toBe(true);
      await a.release("k"); // the stale holder finishes
      const rows = await pool.query(`SELECT owner FROM "${schema}".stage_locks WHERE key = 'k'`);
      expect(rows.rowCount).toBe(1);
      expect(await a.tryAcquire("k", 600_000)).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("stores locks in an unlogged table and releases what it holds on close", async () => {
    const schema = newSchema();
    const a = new PostgresStageLock({ pool, schema });
    expect(await a.tryAcquire("x", 60_000)).toBe(true);
    expect(await a.tryAcquire("y", 60_000)).toBe(true);
    expect(a.heldKeys.sort()).toEqual(["x", "y"]);
    const kind = await pool.query(
      `SELECT relpersistence FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'stage_locks'`,
      [schema],
    );
    expect(kind.rows[0].relpersistence).toBe("u");
    await a.close();
    expect((await pool.query(`SELECT count(*)::int AS n FROM "${schema}".stage_locks`)).rows[0].n).toBe(0);
  });
});

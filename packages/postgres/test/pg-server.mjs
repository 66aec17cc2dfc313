/**
 * Starts a throw-away PostgreSQL 15 server for the tests: `initdb` into a temporary directory, a
 * free TCP port on 127.0.0.1, its unix socket in the same directory, `pg_ctl start -w`; `stop()`
 * stops it and deletes the directory. When the server binaries are missing the tests FAIL with a
 * message saying what to install — they never skip.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where the server binaries are looked for: `$GENNAKER_PG_BIN` alone when set, else Debian's location. */
const SEARCH = process.env.GENNAKER_PG_BIN ? [process.env.GENNAKER_PG_BIN] : ["/usr/lib/postgresql/15/bin"];

/** The directory holding `initdb` and `pg_ctl` of PostgreSQL 15, or an error saying what to install. */
export function findPostgresBin() {
  for (const dir of SEARCH) if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  throw new Error(
    `PostgreSQL 15 server binaries (initdb, pg_ctl) not found in ${SEARCH.join(", ")}. ` +
      `The @gennaker/postgres tests start their own server: install the Debian package "postgresql-15" ` +
      `(listed in .ci/apt-packages.txt), or set GENNAKER_PG_BIN to a directory holding PostgreSQL 15's initdb and pg_ctl.`,
  );
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** initdb refuses to run as root: as root, run the server binaries as the `postgres` (or `nobody`) user. */
function serverUser() {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const r = spawnSync("id", ["-u", name], { encoding: "utf8" });
    if (r.status === 0) {
      const uid = Number(r.stdout.trim());
      const gid = Number(spawnSync("id", ["-g", name], { encoding: "utf8" }).stdout.trim());
      return { name, uid, gid };
    }
  }
  throw new Error("running as root and neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL as (initdb refuses root)");
}

/** Starts a server. Options tune it for tests (no fsync) unless `durable` is set. */
/**
 * @param {{ durable?: boolean, settings?: Record<string, string | number> }} [options]
 * @returns {Promise<import("./pg-server.mjs").PostgresServer>}
 */
export async function startPostgres(options = {}) {
  const bin = findPostgresBin();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "gennaker-pg-"));
  const dataDir = join(dir, "data");
  const logFile = join(dir, "server.log");
  if (user) {
    chownSync(dir, user.uid, user.gid);
  }
  /** @param {string} cmd @param {string[]} args */
  const run = (cmd, args) => {
    const [file, argv] = /** @type {[string, string[]]} */ (user ? ["runuser", ["-u", user.name, "--", join(bin, cmd), ...args]] : [join(bin, cmd), args]);
    try {
      return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], cwd: dir });
    } catch (err) {
      const e = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (err);
      let log = "";
      try {
        log = execFileSync("cat", [logFile], { encoding: "utf8" });
      } catch {
        // no log yet
      }
      throw new Error(`${cmd} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}\n${log}`);
    }
  };
  const port = await freePort();
  run("initdb", ["-D", dataDir, "-U", "gennaker", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
  const settings = {
    listen_addresses: "127.0.0.1",
    port,
    unix_socket_directories: dir,
    max_connections: 200,
    shared_buffers: "128MB",
    ...(options.durable ? {} : { fsync: "off", synchronous_commit: "off", full_page_writes: "off" }),
    ...options.settings,
  };
  writeFileSync(
    join(dataDir, "postgresql.auto.conf"),
    Object.entries(settings)
      .map(([k, v]) => `${k} = '${v}'`)
      .join("\n") + "\n",
  );
  if (user) chownSync(join(dataDir, "postgresql.auto.conf"), user.uid, user.gid);
  run("pg_ctl", ["start", "-w", "-t", "60", "-D", dataDir, "-l", logFile]);
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["stop", "-w", "-m", "immediate", "-D", dataDir]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // never leave a server behind, even when the test run is interrupted
  process.once("exit", () => {
    try {
      stopSync();
    } catch {
      // best effort
    }
  });
  return {
    connectionString: `postgres://gennaker@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async stop() {
      stopSync();
    },
  };
}

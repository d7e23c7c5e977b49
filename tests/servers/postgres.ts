/**
 * A real PostgreSQL server for tests (Debian's postgresql-15; scripts/setup.sh installs it): a cluster made by
 * initdb in a temporary folder, listening on 127.0.0.1 on a free port, with trust authentication for the user
 * `cascade`, fsync off. initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user
 * (runuser), which then owns the folder. `stop()` stops it (as a server going away in the middle of a run),
 * `start()` starts it again on the same port with the same data, `close()` stops it and removes the folder.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PostgresServer {
  url: string;
  port: number;
  stop(): void;
  start(): void;
  close(): void;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin/initdb"))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error("these tests need PostgreSQL (Debian's postgresql-15: `apt-get install -y postgresql-15`, which scripts/setup.sh runs)");
  return join(root, versions[0], "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "cascade-pg-"));
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  const run = (program: string, args: string[]) => execFileSync(asRoot ? "runuser" : join(bin, program), asRoot ? ["-u", "postgres", "--", join(bin, program), ...args] : args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-A", "trust", "-U", "cascade", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const start = () => void run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  const stop = () => void run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
  start();
  let running = true;
  return {
    url: `postgres://cascade@127.0.0.1:${port}/postgres`,
    port,
    start: () => {
      start();
      running = true;
    },
    stop: () => {
      stop();
      running = false;
    },
    close: () => {
      try {
        if (running) stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

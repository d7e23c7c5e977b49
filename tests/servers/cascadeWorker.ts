/**
 * A `cascade worker` process (bin/cascade.mjs) for tests and benchmarks of distributed runs: serving the
 * queue in the shared database `url`, its results in `db`. Resolves once it says it takes jobs (rejects,
 * with what it said, if it exits first); the process is added to `into` at once, so the caller can kill it
 * whatever happens. `stderr` collects what it printed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface WorkerStart {
  url: string;
  db: string;
  into: ChildProcess[];
  concurrency?: number;
  leaseSeconds?: number;
  env?: Record<string, string>;
}

export type WorkerProcess = ChildProcess & { said: () => string };

export function startWorker(o: WorkerStart): Promise<WorkerProcess> {
  const args = [join(ROOT, "bin/cascade.mjs"), "worker", "--shared-cache", o.url, "--db", o.db];
  if (o.concurrency !== undefined) args.push("--concurrency", String(o.concurrency));
  if (o.leaseSeconds !== undefined) args.push("--lease-seconds", String(o.leaseSeconds));
  const w = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...o.env }, stdio: ["ignore", "ignore", "pipe"] }) as WorkerProcess;
  o.into.push(w);
  let said = "";
  w.said = () => said;
  return new Promise((started, failed) => {
    w.stderr!.on("data", (d) => {
      said += d;
      if (said.includes("taking jobs from")) started(w);
    });
    w.once("exit", (code, signal) => failed(new Error(`cascade worker (${o.db}) exited ${code ?? signal}: ${said}`)));
  });
}

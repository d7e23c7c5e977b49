/**
 * The live-run bench's app server, a process of its own (as `cascade serve` is): browser mode over the real
 * service on a temp database, port 0. Prints `url <url>` once listening, then `run-started <ms>` and
 * `run-finished <status> <ms>` (Date.now) for every run, so the driver (bench/liveRunBench.ts) knows when the
 * run goes without asking the busy page. Runs until SIGTERM.
 *   node --import tsx bench/liveServer.ts <dir>
 */
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../src/main/server/startServer";
import { createService } from "../src/main/service/createService";
import { openStore } from "../src/main/store";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dir = process.argv[2];
if (!dir) throw new Error("usage: liveServer.ts <dir>");
const dbPath = join(dir, "cascade.db");
const store = openStore(dbPath);
const service = createService({ store, templatesDir: join(ROOT, "templates"), mode: "browser", dbPath, outputsDir: join(dir, "outputs") });
service.on("run-event", (e) => {
  if (e.type === "run-started") console.log(`run-started ${Date.now()}`);
  if (e.type === "run-finished") console.log(`run-finished ${e.status} ${Date.now()}`);
});
if (process.env.LIVE_BENCH_LAG) {
  const { monitorEventLoopDelay } = await import("node:perf_hooks");
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  setInterval(() => {
    process.stderr.write(`loop delay p50 ${(h.percentile(50) / 1e6).toFixed(0)} ms p99 ${(h.percentile(99) / 1e6).toFixed(0)} max ${(h.max / 1e6).toFixed(0)} ms\n`);
    h.reset();
  }, 5000).unref();
}
const server = await startServer({ port: 0, service, staticDir: join(ROOT, "out/renderer") });
console.log(`url ${server.url}`);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    void server
      .close()
      .then(() => service.close())
      .then(() => {
        store.close();
        process.exit(0);
      });
  });
}

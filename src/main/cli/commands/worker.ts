/**
 * cascade worker: serves distributed runs (`cascade run --distributed`) from their queue in the shared
 * cache's PostgreSQL (distributed/workerLoop.ts) until Ctrl+C or SIGTERM: each job's items run here with the
 * shared cache, in this machine's database. Start as many as the model servers can take, on any machine that
 * sees the pipeline's files at the same paths: a model's own `concurrency` holds over all of them together
 * (slots leased in the shared database, distributed/sharedEndpointLimits.ts; --lease-seconds: how soon a
 * killed worker's slots come back), `--concurrency` is each worker's own limit for models that set none.
 */
import { openJobQueue } from "../../distributed/jobQueue";
import { SharedEndpointLimits } from "../../distributed/sharedEndpointLimits";
import { runWorker } from "../../distributed/workerLoop";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";
import { openCliStore } from "../openCliStore";
import { openSharedCacheArg, SHARED_CACHE_ENV } from "../sharedCacheArg";
import { parseCount } from "../sizeArgs";

/** Shorter leases would need renewing more often than a busy event loop may manage; longer keep a dead worker's slots too long. */
const MIN_LEASE_SECONDS = 2;
const MAX_LEASE_SECONDS = 3600;

export const workerCommand: Command = {
  ...COMMAND_INFO.worker,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      "shared-cache": { type: "string" },
      concurrency: { type: "string" },
      jobs: { type: "string" },
      "lease-seconds": { type: "string" },
      db: { type: "string" },
    });
    if (positionals.length) throw new UsageError(`cascade worker takes no file (it takes its pipelines from the queue): "${positionals[0]}"`);
    const concurrency = values.concurrency === undefined ? undefined : parseCount("--concurrency", values.concurrency);
    if (concurrency === 0) throw new UsageError("--concurrency must be at least 1");
    const jobsAtOnce = values.jobs === undefined ? undefined : parseCount("--jobs", values.jobs);
    if (jobsAtOnce === 0) throw new UsageError("--jobs must be at least 1");
    const leaseSeconds = values["lease-seconds"] === undefined ? undefined : parseCount("--lease-seconds", values["lease-seconds"]);
    if (leaseSeconds !== undefined && (leaseSeconds < MIN_LEASE_SECONDS || leaseSeconds > MAX_LEASE_SECONDS)) throw new UsageError(`--lease-seconds is from ${MIN_LEASE_SECONDS} to ${MAX_LEASE_SECONDS}, got ${leaseSeconds}`);
    if (values["shared-cache"] !== undefined && values["shared-cache"].trim() === "") throw new UsageError("--shared-cache is empty: give a postgres://user@host:port/database URL");
    const url = values["shared-cache"] ?? process.env[SHARED_CACHE_ENV];
    if (!url) throw new UsageError(`cascade worker needs --shared-cache postgres://… (or $${SHARED_CACHE_ENV}): the database of the queue and of the shared cache`);
    const sharedCache = (await openSharedCacheArg(url, process.env))!;
    const store = openCliStore(values.db, "write");
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    let boss;
    let sharedLimits: SharedEndpointLimits | undefined;
    try {
      sharedLimits = await SharedEndpointLimits.open(sharedCache.postgres, { leaseSeconds });
      boss = await openJobQueue(url);
      io.err(`cascade worker: taking jobs from ${sharedCache.where} (results in ${store.path}); Ctrl+C stops`);
      await runWorker(boss, { store, sharedCache, sharedLimits, concurrency, jobsAtOnce, signal: controller.signal, onLine: (line) => io.err(line) });
      return 0;
    } finally {
      process.removeListener("SIGINT", stop);
      process.removeListener("SIGTERM", stop);
      await boss?.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => {});
      await sharedLimits?.close();
      store.close();
      await sharedCache.close();
    }
  },
};

/**
 * cascade run <pipeline.json>: runs a pipeline headless over its dataset, with the same engine, cache and
 * database as the app. Exit 0 done, 1 finished with item errors (or the run failed), 2 usage/validation
 * error, 130 cancelled by SIGINT.
 */
import { dirname, resolve } from "node:path";
import { batchStateLine } from "../batchLines";
import { runReport, type RunReport } from "../../engine/summary";
import { runReports } from "../../review/reports";
import { reportLines } from "../reportLines";
import { groupExitCode, repeatLines } from "../repeatLines";
import { MAX_REPEATS } from "../../../shared/repeats";
import { startRun } from "../../engine/startRun";
import { readPriceOverrides } from "../../pricing/priceSettings";
import { environmentProblems } from "../../engine/environmentCheck";
import { checkModelsAnswer } from "../../engine/modelCheck";
import { PipelineInvalidError } from "../../engine/types";
import { openRunStores, pushEndedRuns, type PushedRuns } from "../runPushTarget";
import { redactedUrl } from "../../store/shared/redactUrl";
import { openSharedCacheArg, SHARED_CACHE_ENV } from "../sharedCacheArg";
import { distributedPhase } from "../distributedPhase";
import type { SharedEndpointLimits } from "../../distributed/sharedEndpointLimits";
import { EndpointLimiters } from "../../providers/limiter";
import { formatRunId } from "../../../shared/runId";
import { randomBytes } from "node:crypto";
import type { RunEvent } from "../../../shared/events";
import { formatProblem, type Problem } from "../../../shared/pipeline/problems";
import { parsePipeline } from "../../../shared/pipeline/validate";
import type { CliIO, Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";
import { readPipelineArg } from "../pipelineArg";
import { runOutcome } from "../../../shared/runOutcome";

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} needs a whole number >= 1, got "${raw}"`);
  return n;
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` : `${s}s`;
}

/** A one-line progress bar on stderr (TTY only). */
function progressBar(stream: NodeJS.WriteStream): { onEvent(e: RunEvent): void; clear(): void } {
  let shown = false;
  return {
    onEvent(e) {
      if (e.type !== "progress") return;
      const t = e.totals;
      const total = t.items || 0;
      const width = 24;
      const filled = total ? Math.min(width, Math.round((t.itemsDone / total) * width)) : 0;
      const bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
      const eta = e.etaMs === null ? "" : ` · ETA ${formatDuration(e.etaMs)}`;
      const line = `${bar} ${t.itemsDone}/${total || "?"} items · ${t.calls} calls · ${t.cacheHits} cached · ${t.errors} error${t.errors === 1 ? "" : "s"}${eta}`;
      stream.write(`\r${line.slice(0, (stream.columns || 120) - 1)}\x1b[K`);
      shown = true;
    },
    clear() {
      if (shown) stream.write("\r\x1b[K");
    },
  };
}

function humanSummary(r: RunReport, dbPath: string): string {
  const lines = [
    `run ${r.runId} ${runOutcome(r.status as "done", r) === "done-with-errors" ? `done with errors (${r.itemsFailed} of ${r.items} items failed)` : r.status}: ${r.items} items, ${r.calls} calls, ${r.cacheHits} cache hits, ${r.truncated ? `${r.truncated} truncated (token limit), ` : ""}${r.errors} error${r.errors === 1 ? "" : "s"}${r.durationMs !== null ? `, ${(r.durationMs / 1000).toFixed(1)} s` : ""}`,
  ];
  if (r.error) lines.push(`  error: ${r.error}`);
  if (r.costUsd > 0 || r.unpricedCalls > 0) {
    const unknown = r.unpricedCalls ? ` (price unknown for ${r.unpricedCalls} call${r.unpricedCalls === 1 ? "" : "s"}: not counted; set the model's price)` : "";
    lines.push(`  cost: ${r.costUsd > 0 || !r.unpricedCalls ? `$${r.costUsd.toFixed(4)}` : "unknown"}${unknown}`);
  }
  for (const [nodeId, metrics] of Object.entries(r.metrics)) {
    for (const m of metrics) {
      const ci = m.low !== undefined && m.high !== undefined ? ` (95% CI ${m.low.toFixed(3)}–${m.high.toFixed(3)})` : "";
      lines.push(`  ${nodeId} ${m.name} ${m.value.toFixed(3)}${ci}, n=${m.n}`);
    }
  }
  lines.push(`  results: cascade show ${r.runId} --db ${dbPath}`);
  return lines.join("\n");
}

function printProblems(io: CliIO, file: string, problems: Problem[]): void {
  io.err(`${file}: ${problems.length} problem${problems.length > 1 ? "s" : ""}`);
  for (const p of problems) io.err(`  ${formatProblem(p)}`);
}

export const runCommand: Command = {
  ...COMMAND_INFO.run,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      data: { type: "string" },
      db: { type: "string" },
      "shared-cache": { type: "string" },
      distributed: { type: "boolean" },
      chunk: { type: "string" },
      "job-timeout": { type: "string" },
      set: { type: "string", multiple: true },
      concurrency: { type: "string" },
      limit: { type: "string" },
      label: { type: "string" },
      repeats: { type: "string" },
      "no-cache": { type: "boolean" },
      "no-check": { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one pipeline file, got ${positionals.length}` : "name the pipeline file to run");
    const file = positionals[0];
    const concurrency = positiveInt("concurrency", values.concurrency);
    const limit = positiveInt("limit", values.limit);
    const repeats = positiveInt("repeats", values.repeats);
    if (repeats !== undefined && repeats > MAX_REPEATS) throw new UsageError(`--repeats is at most ${MAX_REPEATS}, got ${repeats}`);
    const chunk = positiveInt("chunk", values.chunk);
    const jobTimeout = positiveInt("job-timeout", values["job-timeout"]);
    if (!values.distributed && (chunk !== undefined || jobTimeout !== undefined)) throw new UsageError("--chunk and --job-timeout go with --distributed");
    if (values.distributed && !(values["shared-cache"] ?? process.env[SHARED_CACHE_ENV])) throw new UsageError(`--distributed needs --shared-cache postgres://… (or $${SHARED_CACHE_ENV}): the workers' queue and the cache they answer into`);
    if (values.distributed && repeats !== undefined && repeats > 1) throw new UsageError("--distributed runs one repeat (--repeats is not supported with it)");

    const read = await readPipelineArg(file, values.set ?? [], io);
    if (!read) return 2;
    const raw = read.raw;
    if (values.data) {
      const nodes = (raw as { nodes?: { kind?: string; config?: { source?: unknown } }[] }).nodes ?? [];
      const datasets = nodes.filter((n) => n?.kind === "dataset");
      if (datasets.length !== 1) throw new UsageError(`--data needs a pipeline with exactly one dataset node (found ${datasets.length})`);
      datasets[0].config = { ...datasets[0].config, source: { type: "file", path: resolve(values.data) } };
    }
    const parsed = parsePipeline(raw);
    if (!parsed.doc || parsed.problems.length) {
      printProblems(io, file, parsed.problems);
      return 2;
    }

    // Every model server must answer (and every embedded model's file exist) before a run is recorded.
    if (!values["no-check"]) {
      const missing = await environmentProblems(parsed.doc, { baseDir: dirname(resolve(file)), env: process.env, style: "cli" });
      const advice = [missing.map((p) => p.message).join("\n"), await checkModelsAnswer(parsed.doc, { baseDir: dirname(resolve(file)) })].filter(Boolean).join("\n");
      if (advice) {
        io.err(`cascade run: ${advice}\n(--no-check skips this check)`);
        return 1;
      }
    }

    const sharedCache = await openSharedCacheArg(values["shared-cache"], process.env);
    const { store, pushTo } = openRunStores(values.db);
    // Where its results are shown from: the lab's store it is pushed to, else the file.
    const dbPath = pushTo ? redactedUrl(pushTo) : store.path;
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once("SIGINT", onSigint);
    const bar = !values.json && process.stderr.isTTY ? progressBar(process.stderr) : null;
    const batching = Object.values(parsed.doc.models).some((m) => m.batch);
    let sharedLimits: SharedEndpointLimits | undefined;
    try {
      const runId = values.distributed ? formatRunId(Date.now(), randomBytes(2)) : undefined;
      // The coordinator's own pass (the items of jobs that failed on the workers) takes the same shared
      // endpoint slots as the workers: a model's concurrency holds over all of the run's calls.
      if (values.distributed) sharedLimits = await (await import("../../distributed/sharedEndpointLimits")).SharedEndpointLimits.open(sharedCache!.postgres);
      if (values.distributed) {
        await distributedPhase({ url: (values["shared-cache"] ?? process.env[SHARED_CACHE_ENV])!, sharedCache: sharedCache!, runKey: runId!, doc: parsed.doc, baseDir: dirname(resolve(file)), limit, chunk, jobTimeoutSeconds: jobTimeout, signal: controller.signal, io });
        if (controller.signal.aborted) return 130;
      }
      let handle;
      try {
        handle = startRun({
          ...(runId ? { runId } : {}),
          doc: parsed.doc,
          baseDir: dirname(resolve(file)),
          store,
          label: values.label,
          limit,
          concurrency,
          repeats,
          commandLine: ["cascade", "run", ...args],
          noCache: values["no-cache"],
          sharedCache,
          ...(sharedLimits ? { limiters: new EndpointLimiters(sharedLimits.gate) } : {}),
          priceOverrides: readPriceOverrides(store),
          signal: controller.signal,
          // Listening costs the engine token events: only for the bar, or to say what a batch model's batches do.
          onEvent:
            bar || batching
              ? (e) => {
                  if (e.type === "batch-state") {
                    bar?.clear();
                    io.err(batchStateLine(e));
                  } else bar?.onEvent(e);
                }
              : undefined,
          onSourceProgress: (line) => {
            bar?.clear();
            io.err(line);
          },
        });
      } catch (e) {
        if (e instanceof PipelineInvalidError) {
          printProblems(io, file, e.problems);
          return 2;
        }
        throw new UsageError((e as Error).message);
      }
      const summary = await handle.done;
      bar?.clear();
      const report = runReport(store, handle.runId);
      const reports = runReports(store, handle.runId);
      const group = summary.repeat?.stats ? summary.repeat.stats.runIds.map((id) => store.runs.summary(id)) : null;
      let pushed: PushedRuns | undefined;
      if (pushTo) {
        try {
          pushed = await pushEndedRuns(store, pushTo, group ? group.map((r) => r.id) : [handle.runId]);
        } catch (e) {
          io.err(`cascade run: ${(e as Error).message}`);
          return 1;
        }
      }
      const pushedTo = pushed ? { pushedTo: pushed.where, pushed: pushed.pushed } : {};
      if (values.json) io.out(JSON.stringify({ ...report, reports, ...(group ? { repeats: group.map((r) => runReport(store, r.id)) } : {}), ...pushedTo }));
      else {
        const pushLines = pushed ? pushed.pushed.map((p) => `  pushed to ${pushed!.where}: ${p.id} (${p.results} results, ${p.cacheRows} cached calls)`) : [];
        io.out([humanSummary(report, dbPath), ...pushLines, ...reportLines(reports, handle.runId, store.path), ...(group ? repeatLines(summary, group) : [])].join("\n"));
      }
      if (group) return groupExitCode(group);
      if (summary.status === "cancelled") return 130;
      if (summary.status === "failed") {
        if (!values.json) io.err(`cascade run: the run failed: ${report.error ?? "unknown error"}`);
        return 1;
      }
      return summary.totals.errors > 0 ? 1 : 0;
    } finally {
      process.removeListener("SIGINT", onSigint);
      store.close();
      await sharedLimits?.close();
      await sharedCache?.close();
    }
  },
};

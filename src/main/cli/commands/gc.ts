/**
 * cascade gc: deletes runs no policy keeps, the contents and cache rows nothing kept refers to, and returns the
 * space to the file system (store/gc.ts). --dry-run says what it would delete and free, and changes nothing.
 */
import type { GcPolicy, GcReport } from "../../store/gc";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";
import { openCliStore } from "../openCliStore";
import { formatBytes, parseCount, parseDate, parseSize } from "../sizeArgs";

function when(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

export function gcLines(r: GcReport): string[] {
  const verb = r.dryRun ? "would delete" : "deleted";
  const lines = [`${verb} ${r.runs.length} run(s), keeping ${r.runsKept}${r.runs.length ? ":" : ""}`];
  for (const run of r.runs) lines.push(`  ${run.id}  ${when(run.startedAt)}  ${run.pipelineName}`);
  lines.push(`  ${r.results} results, ${r.traces} traces, ${r.contents} stored contents, ${r.cacheRows} cache rows`);
  if (r.dryRun) lines.push(`would free ${formatBytes(r.freedBytes)} of ${formatBytes(r.fileBytesBefore)} (database pages; nothing was changed)`);
  else {
    const how = r.vacuum === "full" ? "VACUUM, once: auto_vacuum is now incremental" : "incremental vacuum";
    lines.push(`freed ${formatBytes(r.freedBytes)}; file ${formatBytes(r.fileBytesBefore)} → ${formatBytes(r.fileBytesAfter)} (${how})`);
  }
  return lines;
}

export const gcCommand: Command = {
  ...COMMAND_INFO.gc,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: "string" },
      "keep-last": { type: "string" },
      "newer-than": { type: "string" },
      "cache-older-than": { type: "string" },
      "cache-max-size": { type: "string" },
      "dry-run": { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const policy: GcPolicy = { dryRun: values["dry-run"] === true };
    if (values["keep-last"] !== undefined) policy.keepLast = parseCount("--keep-last", values["keep-last"]);
    if (values["newer-than"] !== undefined) policy.newerThan = parseDate("--newer-than", values["newer-than"]);
    if (values["cache-older-than"] !== undefined) policy.cacheOlderThan = parseDate("--cache-older-than", values["cache-older-than"]);
    if (values["cache-max-size"] !== undefined) policy.cacheMaxBytes = parseSize("--cache-max-size", values["cache-max-size"]);
    const store = openCliStore(values.db, "write");
    try {
      const report = store.storage.collect(policy);
      io.out(values.json ? JSON.stringify(report, null, 2) : gcLines(report).join("\n"));
      return 0;
    } finally {
      store.close();
    }
  },
};

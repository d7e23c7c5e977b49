/** `cascade show <run> --meta`: what reproduces the run — its record (shared/runRecord.ts), pipeline hash, repeats. */
import type { RunSummary } from "../../shared/contract";
import { formatRepeatMetric } from "../../shared/repeats";
import type { RunRecord } from "../../shared/runRecord";

const iso = (ms: number | undefined) => (ms === undefined ? "—" : new Date(ms).toISOString());

/** The JSON form: the summary's identity fields and the record as stored. */
export function runMeta(run: RunSummary, record: RunRecord | undefined): Record<string, unknown> {
  return {
    runId: run.id,
    label: run.label,
    status: run.status,
    pipelineName: run.pipelineName,
    pipelineHash: run.pipelineHash,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    ...(run.repeat ? { repeat: run.repeat } : {}),
    record: record ?? null,
  };
}

export function runMetaLines(run: RunSummary, record: RunRecord | undefined): string[] {
  const lines = [
    `run ${run.id}${run.label ? ` "${run.label}"` : ""} ${run.status}`,
    `  pipeline      ${run.pipelineName} (sha256 ${run.pipelineHash})`,
    `  started       ${iso(run.startedAt)}`,
    `  finished      ${iso(run.finishedAt)}`,
  ];
  if (!record) {
    lines.push(`  record        none (the run was made by a build before run records were kept)`);
    lines.push(`  dataset       file sha256 ${run.datasetFingerprint || "—"}`);
    return lines;
  }
  const app = record.app;
  const revision = app.commit ? `, commit ${app.commit}${app.dirty ? " (with uncommitted changes)" : ""}` : ", not from a git checkout";
  lines.push(`  app           ${app.name} ${app.version}${revision}`);
  const rt = record.runtime;
  lines.push(`  runtime       Node ${rt.node}${rt.electron ? `, Electron ${rt.electron}` : ""}, ${rt.platform}-${rt.arch}`);
  lines.push(`  started by    ${record.origin === "cli" ? "cascade run" : record.origin === "app" ? "the app" : "the engine API"}`);
  if (record.commandLine) lines.push(`  command       ${record.commandLine.map(shellQuote).join(" ")}`, `  in folder     ${record.cwd ?? "—"}`);
  const d = record.dataset;
  if (d) {
    lines.push(`  dataset       sha256 ${d.fingerprint} (file and the images of the ${d.items} item${d.items === 1 ? "" : "s"} read)`);
    lines.push(`  dataset file  sha256 ${d.fileFingerprint}`);
    const extra = [d.remoteImages ? `${d.remoteImages} remote, named by URL` : "", d.unreadableImages ? `${d.unreadableImages} unreadable` : ""].filter(Boolean);
    lines.push(`  images        ${d.images}${extra.length ? ` (${extra.join(", ")})` : ""}`);
  } else lines.push(`  dataset       file sha256 ${run.datasetFingerprint || "—"} (images not fingerprinted: the run read no items)`);
  if (run.repeat) {
    const s = run.repeat.stats;
    lines.push(`  repeat        ${run.repeat.index + 1}${s ? ` of ${s.count}` : ""} (group ${run.repeat.group})`);
    if (s) for (const [nodeId, ms] of Object.entries(s.metrics)) for (const m of ms) lines.push(`  over repeats  ${nodeId} ${m.name} ${formatRepeatMetric(m)}`);
  }
  return lines;
}

/** POSIX-shell quoting, so the printed command can be pasted back. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

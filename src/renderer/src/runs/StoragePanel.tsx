/**
 * Storage (the Runs tab's "Storage" button): the database's size, its largest tables, and garbage collection —
 * keep the newest N runs of each pipeline and/or runs of the last D days (pinned runs are always kept), preview
 * what it would delete and free (a dry run), then collect. The numbers are those of `cascade db` and `cascade gc`.
 */
import { useEffect, useState } from "react";
import { formatBytes } from "../../../shared/bytes";
import { collectGc, loadStorage, previewGc, useStorage, type GcPolicy } from "./storageStore";

const DAY_MS = 86_400_000;

function policyOf(keepLast: string, days: string): GcPolicy | string {
  const policy: GcPolicy = {};
  if (keepLast.trim()) {
    if (!/^\d+$/.test(keepLast.trim())) return "Keep the newest: a whole number of runs";
    policy.keepLast = Number(keepLast);
  }
  if (days.trim()) {
    if (!/^\d+(\.\d+)?$/.test(days.trim())) return "Runs of the last: a number of days";
    policy.newerThan = Math.floor(Date.now() - Number(days) * DAY_MS);
  }
  return policy;
}

export function StoragePanel() {
  const { summary, error, preview, done, busy } = useStorage();
  const [keepLast, setKeepLast] = useState("3");
  const [days, setDays] = useState("");
  useEffect(() => void loadStorage(), []);
  const policy = policyOf(keepLast, days);
  const db = summary?.database;
  return (
    <section className="storage" data-testid="storage-panel" aria-label="Storage">
      <div className="storage__size">
        {db ? (
          <span data-testid="storage-file">
            Database {formatBytes(db.fileBytes + db.walBytes)} · {formatBytes(db.freePages * db.pageSize)} free inside it · {summary.pinned.length} pinned run{summary.pinned.length === 1 ? "" : "s"}
          </span>
        ) : (
          <span className="muted">Loading…</span>
        )}
        {db?.tables && (
          <span className="muted small" data-testid="storage-tables">
            {db.tables.slice(0, 5).map((t) => `${t.name} ${formatBytes(t.bytes)}`).join(" · ")}
          </span>
        )}
      </div>
      <div className="storage__gc">
        <label className="small">
          Keep the newest <input className="input input--small storage__num" value={keepLast} onChange={(e) => setKeepLast(e.target.value)} aria-label="Runs to keep per pipeline" data-testid="storage-keep-last" /> runs of each pipeline
        </label>
        <label className="small">
          and runs of the last <input className="input input--small storage__num" value={days} onChange={(e) => setDays(e.target.value)} placeholder="–" aria-label="Days of runs to keep" data-testid="storage-days" /> days
        </label>
        <button type="button" className="btn btn--small" disabled={busy || typeof policy === "string"} onClick={() => typeof policy !== "string" && void previewGc(policy)} data-testid="storage-preview">
          Preview
        </button>
        <button
          type="button"
          className="btn btn--small btn--danger"
          disabled={busy || !preview || typeof policy === "string"}
          onClick={() => preview && void collectGc(preview.policy)}
          title="Deletes what the preview listed and returns the space to the disk"
          data-testid="storage-collect"
        >
          Delete and free
        </button>
        {typeof policy === "string" && <span className="error small">{policy}</span>}
        {error && <span className="error small">{error}</span>}
      </div>
      {preview && (
        <p className="small" data-testid="storage-preview-report">
          Would delete {preview.report.runs.length} run{preview.report.runs.length === 1 ? "" : "s"} (keeping {preview.report.runsKept}), {preview.report.results.toLocaleString("en-US")} results,{" "}
          {preview.report.cacheRows.toLocaleString("en-US")} cached calls no kept run uses — frees {formatBytes(preview.report.freedBytes)}. Pinned runs are kept.
        </p>
      )}
      {done && (
        <p className="small" data-testid="storage-done">
          Deleted {done.runs.length} run{done.runs.length === 1 ? "" : "s"} and {done.cacheRows.toLocaleString("en-US")} cached calls; freed {formatBytes(done.freedBytes)} (file {formatBytes(done.fileBytesBefore)} → {formatBytes(done.fileBytesAfter)}).
        </p>
      )}
    </section>
  );
}

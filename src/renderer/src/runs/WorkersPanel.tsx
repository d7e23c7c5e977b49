/**
 * Workers (the Runs tab's "Workers" button): the distributed runs of the shared database — `cascade run
 * --distributed` on any machine — with their jobs and items done, failed and left, live as workers finish
 * jobs (the counts `cascade watch` prints). A run whose coordinator is this machine's store opens its outputs.
 */
import { useEffect } from "react";
import type { WorkersRun } from "../../../shared/contract";
import { fmtTime } from "../run/format";
import { inspectRun } from "./runActions";
import { useRunList } from "./useRunData";
import { followWorkers, useWorkers } from "./workersStore";

const n = (x: number) => x.toLocaleString("en-US");

function stateOf(r: WorkersRun): { text: string; className: string } {
  if (r.done + r.failed < r.jobs) return { text: "on workers", className: "running" };
  return r.failed ? { text: `${n(r.failed)} job${r.failed === 1 ? "" : "s"} failed`, className: "failed" } : { text: "done", className: "done" };
}

function WorkersRow({ run, here }: { run: WorkersRun; here: boolean }) {
  const state = stateOf(run);
  const pct = (x: number) => `${run.jobs ? (100 * x) / run.jobs : 0}%`;
  return (
    <div className="workersrow" data-testid="workers-row" data-run-key={run.run}>
      <span className="workersrow__key" title={`Follow it in a terminal: cascade watch ${run.run} --shared-cache URL`}>{run.run}</span>
      <span className="runrow__pipe" title={run.pipelineName ?? undefined}>{run.pipelineName ?? "—"}</span>
      <span className={`rstatus rstatus--${state.className}`} data-testid="workers-state">{state.text}</span>
      <span
        className="workersrow__bar"
        role="progressbar"
        aria-label={`Jobs of ${run.run}`}
        aria-valuemin={0}
        aria-valuemax={run.jobs}
        aria-valuenow={run.done + run.failed}
        title={`${n(run.done)} done, ${n(run.failed)} failed for good, ${n(run.jobs - run.done - run.failed)} queued or on a worker`}
      >
        <span className="workersrow__done" style={{ width: pct(run.done) }} />
        <span className="workersrow__failed" style={{ width: pct(run.failed) }} />
      </span>
      <span className="num small" data-testid="workers-jobs">
        {n(run.done + run.failed)} / {n(run.jobs)} jobs · {n(run.doneItems)} / {n(run.items)} items
      </span>
      <span className="small">{fmtTime(run.createdAt)}</span>
      <span className="runrow__actions">
        {here && (
          <button type="button" className="btn btn--small" onClick={() => inspectRun(run.run)} title="This machine coordinated the run: its results are here" data-testid="workers-inspect">
            Outputs
          </button>
        )}
      </span>
    </div>
  );
}

export function WorkersPanel() {
  const runs = useWorkers((s) => s.runs);
  const { runs: local } = useRunList();
  useEffect(() => followWorkers(), []);
  return (
    <section className="storage workers" data-testid="workers-panel" aria-label="Workers">
      {!runs && <span className="muted">Loading…</span>}
      {runs?.state === "off" && (
        <p className="small muted" data-testid="workers-off">
          No shared database. Start the app with <code>CASCADE_SHARED_CACHE=postgres://…</code> to follow the runs of <code>cascade run --distributed</code> here, from any machine (README: Scale out).
        </p>
      )}
      {runs?.state === "error" && (
        <p className="error small" data-testid="workers-error">
          {runs.error}
        </p>
      )}
      {runs?.state === "on" && (
        <>
          <p className="small muted" data-testid="workers-where">
            Distributed runs in {runs.where}
            {runs.live ? "" : " (not pushed: asked again every few seconds)"}
          </p>
          {runs.runs.length === 0 && <p className="small muted">None yet: <code>cascade run PIPELINE --shared-cache URL --distributed</code> queues one.</p>}
          {runs.runs.map((r) => (
            <WorkersRow key={r.run} run={r} here={!!local?.some((l) => l.id === r.run)} />
          ))}
        </>
      )}
    </section>
  );
}

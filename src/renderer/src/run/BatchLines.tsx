/** The provider batches a run waits on (batch: true models): state, counts and time waited, one line each. */
import type { BatchStatus, LiveRun } from "./liveRun";

const WORDS: Record<BatchStatus["state"], string> = {
  submitted: "submitted",
  validating: "validating",
  in_progress: "in progress",
  finalizing: "finalizing",
  completed: "completed, reading answers",
  failed: "failed",
  expired: "expired",
  cancelling: "cancelling",
  cancelled: "cancelled",
  collected: "answers in the cache",
};

function waited(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function BatchLines({ live }: { live: LiveRun }) {
  const batches = Object.entries(live.batches ?? {});
  if (!batches.length) return null;
  return (
    <ul className="runbar__batches" data-testid="run-batches">
      {batches.map(([id, b]) => (
        <li key={id} data-testid="run-batch" data-state={b.state}>
          Batch <code>{id}</code> ({b.model}, {b.total} requests{b.resumed ? ", from an earlier run" : ""}): {WORDS[b.state]}
          {b.state !== "submitted" && ` — ${b.succeeded} done, ${b.failed} failed`}, waited {waited(b.waitedMs)}
        </li>
      ))}
    </ul>
  );
}

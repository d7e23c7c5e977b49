/** The provider batches a run waits on (batch: true models): state, counts and time waited, one line each. */
import { BATCH_STATE_WORDS, formatWaited } from "../../../shared/batchStates";
import type { LiveRun } from "./liveRun";

export function BatchLines({ live }: { live: LiveRun }) {
  const batches = Object.entries(live.batches ?? {});
  if (!batches.length) return null;
  return (
    <ul className="runbar__batches" data-testid="run-batches">
      {batches.map(([id, b]) => (
        <li key={id} data-testid="run-batch" data-state={b.state}>
          Batch <code>{id}</code> ({b.model}, {b.total} requests{b.resumed ? ", from an earlier run" : ""}): {BATCH_STATE_WORDS[b.state]}
          {b.state !== "submitted" && ` — ${b.succeeded} done, ${b.failed} failed`}, waited {formatWaited(b.waitedMs)}
        </li>
      ))}
    </ul>
  );
}

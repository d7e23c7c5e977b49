/**
 * The experiment's preview: cells × calls, cache hits (already cached or made earlier), the calls to send (a
 * range when some are conditional: they depend on replies not cached yet), tokens and cost, per cell and in all.
 */
import { fmtCount } from "../run/format";
import { usd } from "./money";
import { useEditor } from "../store/editorStore";
import { useExperiment } from "./experimentStore";

/** Calls sent: exact, or "least–most" when some may not be (the preview's conditional calls). */
function sent(calls: number, cacheHits: number, conditional: number): string {
  const most = calls - cacheHits;
  return conditional ? `${fmtCount(most - conditional)}–${fmtCount(most)}` : fmtCount(most);
}

export function ExperimentPreviewView() {
  const preview = useExperiment((s) => s.preview);
  const stale = useExperiment((s) => s.previewRevision) !== useEditor((s) => s.revision);
  if (!preview) return null;
  const name = (cell: number) => preview.cells.find((c) => c.cell === cell)?.name ?? `c${cell + 1}`;
  return (
    <section className="exp__preview" data-testid="experiment-preview">
      <h4>Preview{stale && <span className="muted"> (the pipeline changed since: preview again)</span>}</h4>
      <p data-testid="experiment-preview-total">
        {preview.cells.length} cells × calls: <b>{fmtCount(preview.calls)}</b> calls, <b>{fmtCount(preview.cacheHits)}</b> of them cache hits, <b data-testid="experiment-preview-sent">{sent(preview.calls, preview.cacheHits, preview.conditionalCalls)}</b> sent
        {preview.conditionalCalls > 0 && <span className="muted"> ({fmtCount(preview.conditionalCalls)} only if replies not cached yet call for them: a shortcut or a filter decides)</span>} · ≈{fmtCount(preview.inputTokens)} input + {fmtCount(preview.outputTokens)} output tokens · cost ≈{" "}
        {preview.costUsd === null ? "unknown (a model has no price)" : usd(preview.costUsd)}
      </p>
      <table className="exp-table">
        <thead>
          <tr>
            <th>cell</th>
            <th>calls</th>
            <th>cache hits</th>
            <th>sent</th>
            <th>tokens</th>
            <th>cost</th>
          </tr>
        </thead>
        <tbody>
          {preview.perCell.map((c) => (
            <tr key={c.cell} data-testid="experiment-preview-cell">
              <th>{name(c.cell)}</th>
              <td>{fmtCount(c.calls)}</td>
              <td title={`${c.sharedWithEarlier} made by an earlier cell`}>{fmtCount(c.cacheHits)}</td>
              <td title={c.models.map((m) => `${m.model}: ${sent(m.calls, m.cacheHits, m.conditionalCalls)}`).join(", ")}>{sent(c.calls, c.cacheHits, c.conditionalCalls)}</td>
              <td>≈{fmtCount(c.inputTokens + c.outputTokens)}</td>
              <td>{usd(c.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Run in this order (cells with the same local models together): {preview.order.join(", ")}.{preview.perCell.some((c) => c.estimated) ? " Counts of items not worked out exactly are estimates." : ""}</p>
    </section>
  );
}

/**
 * Before running: what a run would do (runs.preview) — items, model calls, how many come from the cache,
 * estimated tokens and cost, problems — and, for a chosen item, the exact messages each node would send.
 */
import { useEffect, useState } from "react";
import type { RunPreview } from "../../../shared/contract";
import { getClient } from "../api/client";
import { MessagesView } from "../inspector/MessagesView";
import { useView } from "../runs/viewStore";
import { Dialog } from "../ui/Dialog";
import { fmtCost, fmtCount } from "./format";
import { describeScope, runRequest, startRun } from "./runActions";

export function PreviewDialog() {
  const scope = useView((s) => s.preview);
  const [itemId, setItemId] = useState("");
  const [asked, setAsked] = useState("");
  const [state, setState] = useState<{ preview?: RunPreview; error?: string; loading: boolean }>({ loading: false });
  const close = () => useView.getState().openPreview(null);

  useEffect(() => {
    if (!scope) return;
    let live = true;
    setState({ loading: true });
    getClient()
      .call("runs.preview", { ...runRequest(scope), ...(asked ? { itemId: asked } : {}) })
      .then((preview) => live && setState({ preview, loading: false }))
      .catch((e: Error) => live && setState({ error: e.message, loading: false }));
    return () => {
      live = false;
    };
  }, [scope, asked]);

  if (!scope) return null;
  const p = state.preview;
  const scopeText = describeScope(scope);
  return (
    <Dialog title={`Preview the run${scopeText ? ` (${scopeText})` : ""}`} onClose={close} testId="preview-dialog" wide>
      {state.loading && <p className="muted">Working out the calls…</p>}
      {state.error && <p className="error" data-testid="preview-error">{state.error}</p>}
      {p && (
        <>
          <dl className="preview__facts" data-testid="preview-facts">
            <div><dt>Items</dt><dd data-testid="preview-items">{fmtCount(p.items)}</dd></div>
            <div><dt>Model calls</dt><dd data-testid="preview-calls">{fmtCount(p.calls)}</dd></div>
            <div><dt>From the cache</dt><dd data-testid="preview-cached">{fmtCount(p.cachedCalls)}</dd></div>
            {(p.conditionalCalls ?? 0) > 0 && (
              <div title="Whether these calls are made depends on replies not in the cache yet (a shortcut or a filter decides on them); tokens and cost count them">
                <dt>May not be sent</dt>
                <dd data-testid="preview-conditional">{fmtCount(p.conditionalCalls ?? 0)}</dd>
              </div>
            )}
            <div><dt>Tokens in / out (est.)</dt><dd>{fmtCount(p.estimatedInputTokens)} / {fmtCount(p.estimatedOutputTokens)}</dd></div>
            <div><dt>Cost (est.)</dt><dd data-testid="preview-cost">{p.estimatedCostUsd === null ? "unknown price" : fmtCost(p.estimatedCostUsd)}</dd></div>
          </dl>
          {p.problems.length > 0 && (
            <ul className="config__problems">
              {p.problems.map((pr, i) => (
                <li key={i}>{pr.nodeId ? `${pr.nodeId}: ` : ""}{pr.message}</li>
              ))}
            </ul>
          )}
          <form className="row preview__item" onSubmit={(e) => (e.preventDefault(), setAsked(itemId.trim()))}>
            <input className="input" placeholder="item id (blank: the first item)" value={itemId} onChange={(e) => setItemId(e.target.value)} data-testid="preview-item" />
            <button type="submit" className="btn">Show its messages</button>
          </form>
          {p.messages.length === 0 && <p className="muted">No model calls for this item.</p>}
          {p.messages.map((m) => (
            <section key={m.nodeId} className="preview__node" data-testid={`preview-node-${m.nodeId}`}>
              <h3>
                <code>{m.nodeId}</code> <span className="muted small">→ {m.model}</span>
              </h3>
              <MessagesView messages={m.messages} />
            </section>
          ))}
        </>
      )}
      <div className="dialog__actions">
        <button type="button" className="btn" onClick={close}>Close</button>
        <button type="button" className="btn btn--primary" onClick={() => (close(), void startRun(scope))} data-testid="preview-run">▶ Run</button>
      </div>
    </Dialog>
  );
}

/** An item's whole path through the cascade (runs.trace), in a drawer over the right of the workbench. */
import { useEffect, useRef, useState } from "react";
import type { ItemTrace } from "../../../shared/contract";
import { getClient } from "../api/client";
import { useToolbarBottom } from "../run/useToolbarBottom";
import { useView } from "../runs/viewStore";
import { copyText } from "./copy";
import { TraceStepView } from "./TraceStepView";

export function TraceDrawer() {
  const target = useView((s) => s.trace);
  const [state, setState] = useState<{ trace?: ItemTrace; error?: string }>({});
  const body = useRef<HTMLDivElement>(null);
  const top = useToolbarBottom();
  const close = () => useView.getState().openTrace(null);

  useEffect(() => {
    if (!target) return;
    let on = true;
    setState({});
    getClient()
      .call("runs.trace", { runId: target.runId, itemId: target.itemId })
      .then((trace) => on && setState({ trace }))
      .catch((e: Error) => on && setState({ error: e.message }));
    return () => {
      on = false;
    };
  }, [target]);

  useEffect(() => {
    if (!state.trace || !target?.nodeId) return;
    body.current?.querySelector(`[data-testid="trace-step-${CSS.escape(target.nodeId)}"]`)?.scrollIntoView({ block: "start" });
  }, [state.trace, target?.nodeId]);

  useEffect(() => {
    if (!target) return;
    const esc = (e: KeyboardEvent) => e.key === "Escape" && close();
    window.addEventListener("keydown", esc);
    return () => window.removeEventListener("keydown", esc);
  }, [target]);

  if (!target) return null;
  return (
    <aside className="trace" style={{ top }} aria-label={`Trace of item ${target.itemId}`} data-testid="trace" data-item-id={target.itemId}>
      <header className="trace__head">
        <h2>
          Item <code>{target.itemId}</code>
        </h2>
        <span className="muted small">run {target.runId}</span>
        <span className="runbar__spacer" />
        {state.trace && (
          <button type="button" className="btn btn--small" onClick={() => void copyText(JSON.stringify(state.trace, null, 2), "Trace copied as JSON")} data-testid="trace-copy">
            Copy JSON
          </button>
        )}
        <button type="button" className="icon-btn" onClick={close} aria-label="Close the trace" data-testid="trace-close">
          ✕
        </button>
      </header>
      <div className="trace__body" ref={body}>
        {!state.trace && !state.error && <p className="muted">Loading the trace…</p>}
        {state.error && <p className="error" data-testid="trace-load-error">{state.error}</p>}
        {state.trace?.steps.map((s) => (
          <TraceStepView key={s.nodeId} step={s} focused={s.nodeId === target.nodeId} />
        ))}
      </div>
    </aside>
  );
}

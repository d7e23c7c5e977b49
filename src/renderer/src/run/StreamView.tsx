/** The focused item's reply as it streams from the node being run; another item can be chosen. */
import { useEffect, useRef } from "react";
import { batchClosed } from "../../../shared/batchStates";
import { useRun } from "./runStore";

export function StreamView() {
  const stream = useRun((s) => s.live?.stream ?? null);
  const focus = useRun((s) => s.live?.focusItem ?? null);
  const recent = useRun((s) => s.live?.recentItems ?? []);
  // A batch model's calls do not stream: their answers come when the provider's batch ends.
  const batchOpen = useRun((s) => Object.values(s.live?.batches ?? {}).some((b) => !batchClosed(b.state)));
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [stream?.text]);
  return (
    <div className="stream" data-testid="run-stream">
      <div className="stream__head">
        <label className="muted small">
          Item{" "}
          <select className="input stream__select" value={focus ?? ""} onChange={(e) => useRun.getState().setFocus(e.target.value || null)} data-testid="run-focus-item">
            {focus === null && <option value="">(first started)</option>}
            {[...new Set([...(focus ? [focus] : []), ...recent])].map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        {stream && <span className="muted small">node <code data-testid="run-stream-node">{stream.nodeId}</code></span>}
      </div>
      <pre className="stream__text" ref={box} data-testid="run-stream-text">
        {stream?.text || <span className="muted">{batchOpen ? "Waiting on a provider batch: its answers come when the batch ends (listed below)." : "Waiting for tokens of this item…"}</span>}
      </pre>
    </div>
  );
}

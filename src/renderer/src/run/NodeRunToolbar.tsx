/** Above a selected node: run to here (the node and its ancestors), run from here (it and its descendants), its outputs. */
import { NodeToolbar, Position } from "@xyflow/react";
import { useUi } from "../store/uiStore";
import { startRun } from "./runActions";
import { useRun } from "./runStore";

export function NodeRunToolbar({ nodeId, selected, kind }: { nodeId: string; selected: boolean; kind: string }) {
  const running = useRun((s) => s.live?.status === "running");
  if (kind === "note") return null;
  return (
    <NodeToolbar isVisible={selected} position={Position.Top} align="end" offset={6}>
      <div className="node-run-toolbar" data-testid={`node-run-toolbar-${nodeId}`}>
        <button type="button" className="btn btn--small" disabled={running} onClick={() => void startRun({ toNode: nodeId })} title="Run this node and everything it depends on" data-testid="run-to-here">
          ▶ Run to here
        </button>
        <button type="button" className="btn btn--small" disabled={running} onClick={() => void startRun({ fromNode: nodeId })} title="Run this node and everything after it (earlier nodes come from the cache)" data-testid="run-from-here">
          ▶ Run from here
        </button>
        <button type="button" className="btn btn--small" onClick={() => useUi.getState().setBottomTab("outputs")} title="Show this node's outputs" data-testid="show-outputs">
          Outputs
        </button>
      </div>
    </NodeToolbar>
  );
}

/** The document's validation problems; clicking one selects (and shows) the node it concerns. */
import { useReactFlow } from "@xyflow/react";
import type { Problem } from "../../../shared/pipeline/problems";
import { NODE_WIDTH } from "../canvas/deriveFlow";
import { editor, useEditor } from "../store/editorStore";
import { useUi } from "../store/uiStore";
import { validationOf } from "../store/validation";
import { useEnvironment } from "./environmentStore";

export function ProblemsPanel() {
  const doc = useEditor((s) => s.doc);
  const environment = useEnvironment((s) => s.problems);
  const problems = [...validationOf(doc).problems, ...environment];
  const flow = useReactFlow();

  const reveal = (p: Problem) => {
    if (p.nodeId) {
      editor().select({ nodes: [p.nodeId], edges: [] });
      useUi.getState().setRightTab("node");
      const node = doc.nodes.find((n) => n.id === p.nodeId);
      if (node) void flow.setCenter(node.position.x + NODE_WIDTH / 2, node.position.y + 60, { zoom: Math.max(flow.getZoom(), 0.8), duration: 200 });
    } else if (p.edgeId) {
      editor().select({ nodes: [], edges: [p.edgeId] });
    } else if (p.code === "undefined-model" || p.path.startsWith("models")) {
      useUi.getState().setRightTab("models");
    }
  };

  if (problems.length === 0) {
    return (
      <div className="problems problems--empty" data-testid="problems-panel">
        No problems: the pipeline is valid.
      </div>
    );
  }
  return (
    <ul className="problems" data-testid="problems-panel">
      {problems.map((p, i) => (
        <li key={`${p.path}-${i}`}>
          <button type="button" className="problem" onClick={() => reveal(p)} data-testid="problem-item" data-node-id={p.nodeId ?? ""}>
            <span className="problem__where">{p.nodeId ?? p.edgeId ?? p.path}</span>
            <span className="problem__msg">{p.message}</span>
            <span className="problem__path">{p.path}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

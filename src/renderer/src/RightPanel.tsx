import { ConfigPanel } from "./config/ConfigPanel";
import { PipelinePanel } from "./config/PipelinePanel";
import { ModelsPanel } from "./models/ModelsPanel";
import { ExperimentPanel } from "./experiment/ExperimentPanel";
import { useEditor } from "./store/editorStore";
import { useUi } from "./store/uiStore";

export function RightPanel() {
  const tab = useUi((s) => s.rightTab);
  const setTab = useUi((s) => s.setRightTab);
  const modelCount = useEditor((s) => Object.keys(s.doc.models).length);
  const axisCount = useEditor((s) => s.doc.experiment?.axes.length ?? 0);
  return (
    <aside className="right" aria-label="Inspector">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === "node"} className={tab === "node" ? "tab tab--on" : "tab"} onClick={() => setTab("node")} data-testid="tab-node">
          Node
        </button>
        <button type="button" role="tab" aria-selected={tab === "models"} className={tab === "models" ? "tab tab--on" : "tab"} onClick={() => setTab("models")} data-testid="tab-models">
          Models{modelCount ? ` (${modelCount})` : ""}
        </button>
        <button type="button" role="tab" aria-selected={tab === "pipeline"} className={tab === "pipeline" ? "tab tab--on" : "tab"} onClick={() => setTab("pipeline")} data-testid="tab-pipeline">
          Pipeline
        </button>
        <button type="button" role="tab" aria-selected={tab === "experiment"} className={tab === "experiment" ? "tab tab--on" : "tab"} onClick={() => setTab("experiment")} data-testid="tab-experiment">
          Experiment{axisCount ? ` (${axisCount})` : ""}
        </button>
      </div>
      <div className="right__body">{tab === "node" ? <ConfigPanel /> : tab === "models" ? <ModelsPanel /> : tab === "experiment" ? <ExperimentPanel /> : <PipelinePanel />}</div>
    </aside>
  );
}

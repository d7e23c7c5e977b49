import { DatasetTable } from "./datasets/DatasetTable";
import { OutputsPanel } from "./inspector/OutputsPanel";
import { ProblemsPanel } from "./problems/ProblemsPanel";
import { RunsPanel } from "./runs/RunsPanel";
import { useEditor } from "./store/editorStore";
import { useUi } from "./store/uiStore";
import { validationOf } from "./store/validation";

const TABS = [
  { id: "problems", title: "Problems" },
  { id: "data", title: "Data" },
  { id: "outputs", title: "Outputs" },
  { id: "runs", title: "Runs" },
] as const;

export function BottomPanel() {
  const open = useUi((s) => s.bottomOpen);
  const tab = useUi((s) => s.bottomTab);
  const { setBottomOpen: setOpen, setBottomTab } = useUi.getState();
  const count = useEditor((s) => validationOf(s.doc).problems.length);
  const tall = open && tab !== "problems";
  return (
    <section className={`bottom${open ? "" : " bottom--closed"}${tall ? " bottom--tall" : ""}`} aria-label="Problems, outputs and runs">
      <div className="bottom__head">
        <button type="button" className="icon-btn" onClick={() => setOpen(!open)} aria-label={open ? "Collapse the panel" : "Expand the panel"} aria-expanded={open} data-testid="problems-toggle">
          {open ? "▾" : "▸"}
        </button>
        <div className="bottom__tabs" role="tablist" aria-label="Bottom panel">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? "tab tab--on" : "tab"} onClick={() => setBottomTab(t.id)} data-testid={`bottom-tab-${t.id}`}>
              {t.title} {t.id === "problems" && count ? <span className="count">{count}</span> : null}
            </button>
          ))}
        </div>
      </div>
      {open && <div className="bottom__body">{tab === "outputs" ? <OutputsPanel /> : tab === "runs" ? <RunsPanel /> : tab === "data" ? <DatasetTable /> : <ProblemsPanel />}</div>}
    </section>
  );
}

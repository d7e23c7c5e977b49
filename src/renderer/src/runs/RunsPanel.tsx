/** The "Runs" tab: every run (virtualised, imported ones marked, each with its size and pin), with rename, delete, open, outputs, the choice of runs to compare, opening a bundle, Storage (size, clean-up) Workers (the shared database's distributed runs) and Lab (the lab store's runs, to pull). */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import { StoragePanel } from "./StoragePanel";
import { WorkersPanel } from "./WorkersPanel";
import { LabPanel } from "./LabPanel";
import { loadStorage } from "./storageStore";
import { CommandButton } from "../commands/CommandButton";
import { useRunList } from "./useRunData";
import { RunRow } from "./RunRow";
import { compareRuns } from "./runActions";
import { useView } from "./viewStore";
import { useGrid } from "../results/gridStore";
import "./runs.css";

const ROW = 32;

export function RunsPanel() {
  const { runs, error } = useRunList();
  const chosen = useView((s) => s.compareIds);
  const scroller = useRef<HTMLDivElement>(null);
  const list = runs ?? [];
  const v = useVirtualizer({ count: list.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 8 });
  const valid = chosen.filter((id) => list.some((r) => r.id === id));
  const [storage, setStorage] = useState(false);
  const [workers, setWorkers] = useState(false);
  const [lab, setLab] = useState(false);
  // Sizes and pins follow the list: a run finished, was deleted or imported.
  useEffect(() => void (runs && loadStorage()), [runs]);
  return (
    <div className="runs" data-testid="runs-panel">
      <div className="runs__bar">
        <span className="muted small">{runs ? `${list.length} run${list.length === 1 ? "" : "s"}` : "Loading…"}</span>
        {error && <span className="error small">{error}</span>}
        <span className="runbar__spacer" />
        <span className="muted small">{valid.length ? `${valid.length} chosen (the one that started first is the baseline)` : "Tick two or more runs to compare them"}</span>
        <button type="button" className="btn btn--small" aria-expanded={storage} onClick={() => setStorage(!storage)} title="Database size and clean-up of old runs" data-testid="runs-storage">
          Storage
        </button>
        <button type="button" className="btn btn--small" aria-expanded={workers} onClick={() => setWorkers(!workers)} title="Distributed runs of the shared database (cascade run --distributed), live" data-testid="runs-workers">
          Workers
        </button>
        <button type="button" className="btn btn--small" aria-expanded={lab} onClick={() => setLab(!lab)} title="Runs of the lab's PostgreSQL store (cascade push), to pull into this database" data-testid="runs-lab">
          Lab
        </button>
        <CommandButton id="file.openBundle" className="btn btn--small" testId="runs-open-bundle">Open bundle…</CommandButton>
        <button type="button" className="btn btn--small" disabled={valid.length < 1} onClick={() => useGrid.getState().open(valid)} title="Items × runs, coloured by right and wrong" data-testid="runs-grid">
          Grid
        </button>
        <button type="button" className="btn btn--small btn--primary" disabled={valid.length < 2} onClick={() => compareRuns(valid)} data-testid="runs-compare">
          Compare {valid.length >= 2 ? valid.length : ""}
        </button>
      </div>
      {storage && <StoragePanel />}
      {workers && <WorkersPanel />}
      {lab && <LabPanel />}
      <div className="runrow runrow--head">
        <span />
        <span>label</span>
        <span>pipeline</span>
        <span>status</span>
        <span>items</span>
        <span>accuracy</span>
        <span>started</span>
        <span>time</span>
        <span>size</span>
        <span />
      </div>
      <div className="runs__scroll" ref={scroller}>
        <div style={{ height: v.getTotalSize(), position: "relative" }}>
          {v.getVirtualItems().map((vi) => (
            <RunRow key={list[vi.index].id} run={list[vi.index]} style={{ height: ROW, transform: `translateY(${vi.start}px)` }} />
          ))}
        </div>
      </div>
    </div>
  );
}

/**
 * The toolbar's Run button and its menu: run all, the first N items, chosen items, to/from the selected node,
 * without the cache, or preview first (calls, cache hits, tokens, cost and the exact messages).
 */
import { useEffect, useRef, useState } from "react";
import { useEditor } from "../store/editorStore";
import { useView } from "../runs/viewStore";
import { parseItemIds, startRun, type RunScope } from "./runActions";
import { useRun } from "./runStore";
import "./run.css";

export function RunMenu() {
  const [open, setOpen] = useState(false);
  const [limit, setLimit] = useState(10);
  const [items, setItems] = useState("");
  const [noCache, setNoCache] = useState(false);
  const running = useRun((s) => s.live?.status === "running");
  const node = useEditor((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : null));
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("mousedown", close);
    window.addEventListener("keydown", esc);
    return () => {
      window.removeEventListener("mousedown", close);
      window.removeEventListener("keydown", esc);
    };
  }, [open]);

  const go = (scope: RunScope) => {
    setOpen(false);
    void startRun({ ...scope, ...(noCache ? { noCache: true } : {}) });
  };
  const preview = (scope: RunScope) => {
    setOpen(false);
    useView.getState().openPreview({ ...scope, ...(noCache ? { noCache: true } : {}) });
  };
  const ids = parseItemIds(items);

  return (
    <div className="runmenu" ref={box}>
      <button type="button" className="btn btn--run" onClick={() => go({})} disabled={running} title="Run the pipeline on every item" data-testid="run-all">
        ▶ Run
      </button>
      <button type="button" className="btn btn--run btn--run-more" onClick={() => setOpen(!open)} aria-expanded={open} title="More ways to run" data-testid="run-menu">
        ▾
      </button>
      {open && (
        <div className="runmenu__pop" role="menu" data-testid="run-menu-pop">
          <button type="button" className="runmenu__item" onClick={() => go({})} data-testid="run-menu-all">Run all items</button>
          <div className="runmenu__row">
            <button type="button" className="runmenu__item" onClick={() => go({ limit })} data-testid="run-first">Run first</button>
            <input type="number" min={1} className="input input--small" value={limit} onChange={(e) => setLimit(Math.max(1, Number(e.target.value) || 1))} aria-label="Number of items" data-testid="run-first-n" />
            <span className="muted">items</span>
          </div>
          <div className="runmenu__row">
            <input className="input" placeholder="item ids, comma separated" value={items} onChange={(e) => setItems(e.target.value)} data-testid="run-items-input" />
            <button type="button" className="btn btn--small" disabled={ids.length === 0} onClick={() => go({ itemIds: ids })} data-testid="run-items">Run {ids.length || ""}</button>
          </div>
          <hr />
          <button type="button" className="runmenu__item" disabled={!node} onClick={() => node && go({ toNode: node })} data-testid="run-menu-to">
            Run to {node ? <code>{node}</code> : "the selected node"}
          </button>
          <button type="button" className="runmenu__item" disabled={!node} onClick={() => node && go({ fromNode: node })} data-testid="run-menu-from">
            Run from {node ? <code>{node}</code> : "the selected node"}
          </button>
          <hr />
          <label className="checkbox runmenu__check">
            <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} data-testid="run-nocache" /> Ignore the call cache
          </label>
          <button type="button" className="runmenu__item" onClick={() => preview(ids.length ? { itemIds: ids } : {})} data-testid="run-preview">
            Preview calls, cost and messages…
          </button>
        </div>
      )}
    </div>
  );
}

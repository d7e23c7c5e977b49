/**
 * Per-item outputs of one node across the compared runs (runs.compareItems, paged and virtualised with
 * measured row heights): the baseline's text, and each other run's text as a word diff against it; a
 * filter keeps only the items where the runs disagree.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import type { CompareItemRow, ResultRow } from "../../../shared/contract";
import { getClient } from "../api/client";
import { usePaged } from "../inspector/usePaged";
import { fullText } from "../inspector/valueText";
import { useView } from "../runs/viewStore";
import { DiffText } from "./DiffText";

function cellText(cell: ResultRow | null): string {
  if (!cell) return "";
  if (!cell.output) return cell.error ? `[${cell.status}] ${cell.error}` : `[${cell.status}]`;
  const entries = Object.entries(cell.output);
  if (entries.length === 1) return fullText(entries[0][1]);
  return entries.map(([k, v]) => `${k}: ${fullText(v)}`).join("\n");
}

export function CompareItems({ runIds, labels, nodeId }: { runIds: string[]; labels: string[]; nodeId: string }) {
  const [only, setOnly] = useState(true);
  const [search, setSearch] = useState("");
  const [debounced, setDebounced] = useState("");
  useEffect(() => {
    const t = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(t);
  }, [search]);
  const key = JSON.stringify({ runIds, nodeId, only, debounced });
  const data = usePaged<CompareItemRow>(key, (offset, limit) =>
    getClient().call("runs.compareItems", { runIds, nodeId, offset, limit, onlyDisagreements: only, ...(debounced ? { search: debounced } : {}) }),
  0, 100);
  const scroller = useRef<HTMLDivElement>(null);
  const count = data.total ?? 0;
  const v = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => 80, overscan: 4 });
  const vis = v.getVirtualItems();
  const first = vis[0]?.index ?? 0;
  const last = vis[vis.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count) data.ensure(first, last);
  }, [first, last, count, data]);
  const grid = { gridTemplateColumns: `110px repeat(${runIds.length}, minmax(0, 1fr))` };

  return (
    <div className="cmp-items" data-testid="compare-items">
      <div className="cmp-items__bar">
        <label className="checkbox">
          <input type="checkbox" checked={only} onChange={(e) => setOnly(e.target.checked)} data-testid="compare-only-disagree" /> Only where they disagree
        </label>
        <input className="input cmp-items__search" type="search" placeholder="Search items" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="compare-search" />
        <span className="muted small" data-testid="compare-items-total">{data.total === null ? "…" : `${data.total} item${data.total === 1 ? "" : "s"}`}</span>
        {data.error && <span className="error small">{data.error}</span>}
      </div>
      <div className="cmp-items__head" style={grid}>
        <span>item</span>
        {labels.map((l, i) => (
          <span key={i}>{l}{i === 0 ? " (baseline)" : ""}</span>
        ))}
      </div>
      <div className="cmp-items__scroll" ref={scroller}>
        <div style={{ height: v.getTotalSize(), position: "relative" }}>
          {vis.map((vi) => {
            const row = data.rowAt(vi.index);
            const texts = row?.cells.map(cellText) ?? [];
            return (
              <div key={vi.key} ref={v.measureElement} data-index={vi.index} className={`cmp-item${row?.disagree ? " cmp-item--disagree" : ""}`} style={{ ...grid, transform: `translateY(${vi.start}px)` }} data-testid="compare-item" data-item-id={row?.itemId ?? ""}>
                {!row ? (
                  <span className="muted">…</span>
                ) : (
                  <>
                    <button type="button" className="link mono" onClick={() => useView.getState().openTrace({ runId: runIds[0], itemId: row.itemId, nodeId })} title="Open the baseline's trace">
                      {row.itemId}
                    </button>
                    {row.cells.map((cell, i) => (
                      <div key={i} className={`cmp-cell rstatus-cell--${cell?.status ?? "none"}`} data-testid={`compare-cell-${i}`}>
                        {cell === null ? <span className="muted">no result</span> : i === 0 ? <pre className="difftext" tabIndex={0}>{texts[0]}</pre> : <DiffText base={texts[0]} text={texts[i]} />}
                      </div>
                    ))}
                  </>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * A node's results as a virtualised table (items × output ports, status, latency, tokens). Only the visible
 * rows are in the DOM and only their pages are fetched. Click a row: its trace; double-click a cell: copy it;
 * the row's {} button copies it as JSON.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import type { ResultRow } from "../../../shared/contract";
import { fmtCount } from "../run/format";
import { copyText } from "./copy";
import type { PagedResults } from "./usePagedResults";
import { cellText, fullText } from "./valueText";

export const ROW_HEIGHT = 28;

export function ResultsTable({ data, ports, selectedItem, onOpen }: { data: PagedResults; ports: string[]; selectedItem: string | null; onOpen(row: ResultRow): void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = data.total ?? 0;
  const v = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count) data.ensure(first, last);
  }, [first, last, count, data]);

  const grid = { gridTemplateColumns: `minmax(90px, 160px) 70px ${ports.map(() => "minmax(120px, 1fr)").join(" ")} 70px 90px 28px` };
  return (
    <div className="rtable" data-testid="results-table" data-total={count}>
      <div className="rtable__head" style={grid}>
        <span>item</span>
        <span>status</span>
        {ports.map((p) => (
          <span key={p} data-testid={`results-col-${p}`}>{p}</span>
        ))}
        <span>latency</span>
        <span>tokens in/out</span>
        <span />
      </div>
      <div className="rtable__scroll" ref={scroller} data-testid="results-scroll">
        <div style={{ height: v.getTotalSize(), position: "relative" }}>
          {items.map((vi) => {
            const row = data.rowAt(vi.index);
            const style = { ...grid, height: ROW_HEIGHT, transform: `translateY(${vi.start}px)` };
            if (!row)
              return (
                <div key={vi.key} className="rtable__row rtable__row--loading" style={style}>
                  <span className="muted">…</span>
                </div>
              );
            return (
              <div
                key={vi.key}
                className={`rtable__row${row.itemId === selectedItem ? " rtable__row--on" : ""}`}
                style={style}
                onClick={() => onOpen(row)}
                data-testid="result-row"
                data-item-id={row.itemId}
                data-index={vi.index}
              >
                <span className="mono" onDoubleClick={() => void copyText(row.itemId)} title={row.itemId}>{row.itemId}</span>
                <span className={`rstatus rstatus--${row.status}`}>{row.status}</span>
                {ports.map((p) => {
                  const value = row.output?.[p];
                  const text = row.status === "failed" && !row.output ? row.error ?? "" : cellText(value, 200);
                  return (
                    <span key={p} className={row.status === "failed" && !row.output ? "error" : undefined} title={fullText(value).slice(0, 2000) || row.error} onDoubleClick={(e) => (e.stopPropagation(), void copyText(fullText(value) || row.error || "", `Copied ${p}`))} data-testid={`cell-${p}`}>
                      {text}
                    </span>
                  );
                })}
                <span className="num">{row.latencyMs === undefined ? "—" : `${Math.round(row.latencyMs)} ms`}</span>
                <span className="num">{row.usage ? `${fmtCount(row.usage.inputTokens)}/${fmtCount(row.usage.outputTokens)}` : "—"}</span>
                <button type="button" className="icon-btn" title="Copy the row as JSON" onClick={(e) => (e.stopPropagation(), void copyText(JSON.stringify(row, null, 2), "Row copied as JSON"))} data-testid="copy-row">
                  {"{}"}
                </button>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

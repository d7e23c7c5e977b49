/**
 * The Data tab: the first rows of the selected dataset node (else the first one), as read, with image
 * thumbnails and each field's detected type; fields that are not columns yet can be added with that type;
 * rows pasted or typed (a spreadsheet table, CSV, JSON Lines or JSON) replace the source with inline rows.
 */
import { useState } from "react";
import { guessColumnTypes as guessFor, type ColumnTypeGuess } from "../../../shared/datasets/columnTypes";
import type { DatasetConfig } from "../../../shared/nodes/kinds/dataset";
import { VARIABLE_NAME } from "../../../shared/template";
import { nodeUpdater } from "../config/nodeEdit";
import { ImageThumb } from "../inspector/ImageThumb";
import { useEditor } from "../store/editorStore";
import { parsePastedRows } from "./pasteRows";
import { baseDirText, useDatasetPreview } from "./useDatasetPreview";
import "./datasets.css";

function imageSource(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    for (const k of ["path", "url", "data"]) if (typeof o[k] === "string") return o[k] as string;
  }
  return null;
}

function Cell({ value, type }: { value: unknown; type: ColumnTypeGuess["type"] }) {
  if (value === undefined || value === null || value === "") return <span className="muted">—</span>;
  const src = type === "image" ? imageSource(value) : null;
  if (src) return <ImageThumb image={{ kind: "image", source: src }} size={56} />;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return <span title={text}>{text.length > 160 ? `${text.slice(0, 160)}…` : text}</span>;
}

const portName = (field: string) => (VARIABLE_NAME.test(field) ? field : field.replace(/\W+/g, "_").replace(/^(\d)/, "_$1"));

/** Adds a column for each field that no column reads, with its detected type. */
export function addColumnsFor(config: DatasetConfig, fields: readonly ColumnTypeGuess[]): void {
  const known = new Set(config.columns.map((c) => c.field ?? c.name));
  for (const f of fields) {
    if (known.has(f.field)) continue;
    const name = portName(f.field);
    config.columns.push({ name, type: f.type, ...(name !== f.field ? { field: f.field } : {}) });
  }
}

export function DatasetTable() {
  const node = useEditor((s) => {
    const selected = s.doc.nodes.find((n) => n.kind === "dataset" && s.selection.nodes.includes(n.id));
    return selected ?? s.doc.nodes.find((n) => n.kind === "dataset");
  });
  if (!node) return <p className="outputs--empty muted">This pipeline has no dataset node. Add one (double-click the canvas, “Dataset”) to see its rows here.</p>;
  return <DatasetRows key={node.id} nodeId={node.id} config={node.config as DatasetConfig} />;
}

function DatasetRows({ nodeId, config }: { nodeId: string; config: DatasetConfig }) {
  const state = useDatasetPreview(config.source);
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState("");
  const [pasteError, setPasteError] = useState<string | null>(null);
  const update = nodeUpdater<DatasetConfig>(nodeId);
  const columnOf = new Map((config.columns ?? []).map((c) => [c.field ?? c.name, c]));

  const usePasted = () => {
    const r = parsePastedRows(pasted);
    if ("error" in r) return setPasteError(r.error);
    setPasteError(null);
    setPasting(false);
    update("source", (c) => {
      c.source = { type: "inline", rows: r.rows };
      addColumnsFor(c, guessFor(r.rows));
    });
  };

  const preview = state.status === "ok" ? state.preview : null;
  const missing = preview?.fields.filter((f) => !columnOf.has(f.field)) ?? [];
  return (
    <div className="dtable" data-testid="dataset-table" data-node-id={nodeId} data-status={state.status}>
      <div className="outputs__bar">
        <strong>{nodeId}</strong>
        {preview && (
          <span className="muted small" data-testid="dataset-summary">
            {preview.rows.length < (preview.total ?? 0) ? `first ${preview.rows.length} of ${preview.total} rows` : `${preview.rows.length} rows`}
            {preview.path ? ` · ${preview.path}` : " · typed in"}
            {preview.errors.length ? ` · ${preview.errors.length} unreadable` : ""}
          </span>
        )}
        <span className="toolbar__spacer" />
        {missing.length > 0 && (
          <button type="button" className="btn btn--small" onClick={() => update("columns", (c) => addColumnsFor(c, missing))} data-testid="dataset-add-columns">
            + Columns for {missing.map((f) => f.field).join(", ")}
          </button>
        )}
        <button type="button" className="btn btn--small" onClick={() => setPasting(!pasting)} data-testid="dataset-paste-toggle">
          Paste rows…
        </button>
      </div>
      {pasting && (
        <div className="dtable__paste">
          <textarea className="input input--mono" rows={5} value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder={"question\tanswer\nWhat is 2 + 3?\t5"} data-testid="dataset-paste" spellCheck={false} />
          <div className="row">
            <button type="button" className="btn btn--primary btn--small" onClick={usePasted} data-testid="dataset-paste-use">
              Use these rows (typed in)
            </button>
            <span className="muted small">A table with a header row (copied from a spreadsheet, or CSV), JSON Lines or a JSON array.</span>
          </div>
          {pasteError && <p className="error small" data-testid="dataset-paste-error">{pasteError}</p>}
        </div>
      )}
      {state.status === "error" && <p className="error outputs__error" data-testid="dataset-error">{state.message}</p>}
      {state.status === "loading" && <p className="muted outputs__error">Reading…</p>}
      {preview && preview.baseDirKind && config.source.type === "file" && <p className="muted small outputs__error">Path {baseDirText(preview)}</p>}
      {preview && (
        <div className="dtable__scroll">
          <table className="dtable__table">
            <thead>
              <tr>
                <th className="num">#</th>
                {preview.fields.map((f) => {
                  const col = columnOf.get(f.field);
                  return (
                    <th key={f.field} data-testid={`dataset-col-${f.field}`} data-type={f.type}>
                      <span className="dtable__field">{f.field}</span> <span className={`dtype ptype--${f.type}`}>{f.type}</span>
                      {col ? <span className="muted small"> → port {col.name}{col.type !== f.type ? ` (${col.type})` : ""}</span> : <span className="muted small"> not a column</span>}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, i) => (
                <tr key={i} data-testid="dataset-row">
                  <td className="num muted">{i + 1}</td>
                  {preview.fields.map((f) => (
                    <td key={f.field}>
                      <Cell value={row[f.field]} type={f.type} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {preview.errors.map((e) => (
            <p key={e.where} className="error small">
              {e.where}: {e.message}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

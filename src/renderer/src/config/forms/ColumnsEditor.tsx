/** The dataset's columns: name (a port name), type, and optionally the row field it reads. */
import { COLUMN_TYPES, type DatasetConfig } from "../../../../shared/nodes/kinds/dataset";
import type { ConfigUpdater } from "../nodeEdit";

type Column = DatasetConfig["columns"][number];

export function ColumnsEditor({ columns, update }: { columns: Column[]; update: ConfigUpdater<DatasetConfig> }) {
  const set = (i: number, patch: Partial<Column>) =>
    update(`columns.${i}`, (c) => {
      const col = c.columns[i];
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === "") delete (col as Record<string, unknown>)[k];
        else (col as Record<string, unknown>)[k] = v;
      }
    });
  return (
    <div className="columns" data-testid="config-columns">
      <div className="columns__row columns__row--head">
        <span>name (port)</span>
        <span>type</span>
        <span>row field</span>
        <span />
      </div>
      {columns.map((col, i) => (
        <div className="columns__row" key={i}>
          <input className="input" value={col.name} onChange={(e) => set(i, { name: e.target.value })} data-testid={`column-name-${i}`} spellCheck={false} />
          <select className="input" value={col.type} onChange={(e) => set(i, { type: e.target.value as Column["type"] })} data-testid={`column-type-${i}`}>
            {COLUMN_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <input className="input" value={col.field ?? ""} placeholder="same" onChange={(e) => set(i, { field: e.target.value || undefined })} spellCheck={false} />
          <button type="button" className="icon-btn" title="Remove column" onClick={() => update("columns", (c) => void c.columns.splice(i, 1))}>
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn--small"
        onClick={() => update("columns", (c) => void c.columns.push({ name: `col${c.columns.length + 1}`, type: "text" }))}
        data-testid="column-add"
      >
        + Column
      </button>
    </div>
  );
}

/** Dataset: a file (path, format) or inline rows, the typed columns (= output ports) and the id column. */
import { DATASET_FORMATS, type DatasetConfig } from "../../../../shared/nodes/kinds/dataset";
import { VARIABLE_NAME } from "../../../../shared/template";
import { Field, JsonArea, Select, TextInput } from "../fields";
import { setOrDelete, type FormProps } from "../nodeEdit";
import { DatasetPathField } from "../../datasets/DatasetPathField";
import { ColumnsEditor } from "./ColumnsEditor";
import { nodeConfigPath } from "../../experiment/varyPaths";
import "../../datasets/datasets.css";

type Source = DatasetConfig["source"];
type Rows = Record<string, unknown>[];

function checkRows(v: unknown): string | null {
  if (!Array.isArray(v)) return "rows must be a JSON array of objects";
  const bad = v.findIndex((r) => !r || typeof r !== "object" || Array.isArray(r));
  return bad === -1 ? null : `row ${bad} is not an object`;
}

export function DatasetForm({ node, config, update }: FormProps<DatasetConfig>) {
  const source = (config.source ?? { type: "inline", rows: [] }) as Source;
  const columns = config.columns ?? [];

  const setType = (type: Source["type"]) =>
    update("source.type", (c) => {
      if (c.source?.type === type) return;
      c.source = type === "file" ? { type: "file", path: "data.jsonl" } : type === "huggingface" ? { type: "huggingface", repo: "", split: "test" } : { type: "inline", rows: [] };
    });

  const columnsFromRows = () =>
    update("columns", (c) => {
      if (c.source.type !== "inline") return;
      const names = [...new Set(c.source.rows.flatMap((r) => Object.keys(r)))];
      const known = new Set(c.columns.map((col) => col.field ?? col.name));
      for (const name of names) {
        if (known.has(name)) continue;
        const portName = VARIABLE_NAME.test(name) ? name : name.replace(/\W+/g, "_").replace(/^(\d)/, "_$1");
        c.columns.push({ name: portName, type: "text", ...(portName !== name ? { field: name } : {}) });
      }
    });

  return (
    <>
      <Field label="Source">
        <Select value={source.type} options={[
            { value: "inline", label: "rows typed in" },
            { value: "file", label: "a file (JSONL, CSV, JSON, Parquet)" },
            { value: "huggingface", label: "a Hugging Face hub dataset" },
          ]} onChange={setType} testId="config-dataset-source" />
      </Field>
      {source.type === "file" ? (
        <div>
          <DatasetPathField path={source.path} varyPath={nodeConfigPath(node.id, "source.path")} onChange={(v) => update("source.path", (c) => void (c.source.type === "file" && (c.source.path = v)))} />
          <Field label="Format">
            <Select
              value={source.format ?? ""}
              empty="by extension"
              options={DATASET_FORMATS}
              onChange={(v) => update("source.format", (c) => void (c.source.type === "file" && setOrDelete(c.source, "format", v || undefined)))}
            />
          </Field>
        </div>
      ) : source.type === "huggingface" ? (
        <div data-testid="config-dataset-hub">
          <Field label="Repository" hint='"owner/name", as on the hub'>
            <TextInput value={source.repo} placeholder="AI4Math/MathVista" onChange={(v) => update("source.repo", (c) => void (c.source.type === "huggingface" && (c.source.repo = v.trim())))} testId="config-dataset-hub-repo" />
          </Field>
          <Field label="Config" hint="the subset; default when empty" vary={{ path: nodeConfigPath(node.id, "source.config"), value: source.config ?? "default" }}>
            <TextInput value={source.config ?? ""} placeholder="default" onChange={(v) => update("source.config", (c) => void (c.source.type === "huggingface" && setOrDelete(c.source, "config", v.trim() || undefined)))} />
          </Field>
          <Field label="Split" vary={{ path: nodeConfigPath(node.id, "source.split"), value: source.split }}>
            <TextInput value={source.split} placeholder="test" onChange={(v) => update("source.split", (c) => void (c.source.type === "huggingface" && (c.source.split = v.trim())))} testId="config-dataset-hub-split" />
          </Field>
          <p className="muted small">The split&apos;s Parquet files are downloaded once into the hub cache (hf-cache in the user data folder) and read from there; HF_TOKEN is used for gated sets.</p>
        </div>
      ) : (
        <Field label="Rows (JSON)">
          <JsonArea<Rows> value={source.rows} check={checkRows} onChange={(rows) => update("source.rows", (c) => void (c.source.type === "inline" && (c.source.rows = rows)))} rows={7} testId="config-dataset-rows" />
          <button type="button" className="link" onClick={columnsFromRows}>
            Add columns for the fields of these rows
          </button>
        </Field>
      )}
      <Field label="Columns" hint="each column is an output port">
        <ColumnsEditor columns={columns} update={update} />
      </Field>
      <Field label="Id column" hint="identifies an item across runs; the row number otherwise">
        <Select value={config.idColumn ?? ""} empty="(row number)" options={columns.map((c) => c.name)} onChange={(v) => update("idColumn", (c) => setOrDelete(c, "idColumn", v || undefined))} />
      </Field>
    </>
  );
}

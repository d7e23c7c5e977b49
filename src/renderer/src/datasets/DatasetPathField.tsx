/**
 * A file dataset's path: typed, or chosen with Browse from the data files under the folder a relative path
 * resolves against (datasets.files), which the hint names: the pipeline file's folder, or the app's templates
 * folder for a pipeline that has no file.
 */
import { useEffect, useState } from "react";
import type { DatasetFileList } from "../../../shared/contract";
import { getClient } from "../api/client";
import { Field, TextInput } from "../config/fields";
import { useEditor } from "../store/editorStore";
import { useUi } from "../store/uiStore";

/** `varyPath`: the path's --set path, for its "Vary this" button (a dataset file is an experiment axis like any field). */
export function DatasetPathField({ path, onChange, varyPath }: { path: string; onChange: (path: string) => void; varyPath?: string }) {
  const pipelineId = useEditor((s) => s.pipelineId);
  const [list, setList] = useState<DatasetFileList | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getClient()
      .call("datasets.files", pipelineId ? { pipelineId } : {})
      .then((l) => live && setList(l))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [pipelineId]);
  const hint = list ? (list.baseDirKind === "templates" ? `relative to the app's templates folder (${list.baseDir}); this pipeline has no file of its own` : `relative to the pipeline file's folder (${list.baseDir})`) : "relative paths: see Browse";
  return (
    <Field label="Path" hint={hint} vary={varyPath ? { path: varyPath, value: path } : undefined}>
      <TextInput value={path} onChange={onChange} testId="config-dataset-path" />
      <div className="row browse-buttons">
        <button type="button" className="btn btn--small" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="dataset-browse">
          Browse…
        </button>
        <button type="button" className="btn btn--small" onClick={() => useUi.getState().setBottomTab("data")} title="The first rows in the Data tab" data-testid="dataset-show-rows">
          Rows
        </button>
      </div>
      {open && (
        <ul className="browse-list" data-testid="dataset-browse-list">
          {error && <li className="error small">{error}</li>}
          {list?.files.length === 0 && <li className="muted small">No .jsonl, .csv or .json files in {list.baseDir}</li>}
          {list?.files.map((f) => (
            <li key={f}>
              <button
                type="button"
                className={`link${f === path ? " link--on" : ""}`}
                onClick={() => {
                  onChange(f);
                  setOpen(false);
                }}
                data-testid={`dataset-file-${f}`}
              >
                {f}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Field>
  );
}

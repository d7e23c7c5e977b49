/** Open a saved pipeline, or go back to one of its versions. */
import { useEffect, useState } from "react";
import type { PipelineSummary, PipelineVersionInfo } from "../../../shared/contract";
import { getClient } from "../api/client";
import { useEditor } from "../store/editorStore";
import { Dialog } from "../ui/Dialog";
import { errorText } from "../ui/errorText";
import { deleteFromLibrary, openPipeline, renameInLibrary } from "./library";
import { nameRefusal } from "./names";

const when = (t: number) => new Date(t).toLocaleString();

function Versions({ id, onOpen }: { id: string; onOpen: (version: number) => void }) {
  const [versions, setVersions] = useState<PipelineVersionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getClient().call("pipelines.versions", { id }).then((v) => setVersions([...v].sort((a, b) => b.version - a.version)), (e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p className="error small">{error}</p>;
  if (!versions) return <p className="muted small">Loading versions…</p>;
  return (
    <ul className="versions" data-testid="versions-list">
      {versions.map((v) => (
        <li key={v.version}>
          <button type="button" className="link" onClick={() => onOpen(v.version)} data-testid={`version-${v.version}`}>
            v{v.version}
          </button>
          <span className="muted small">
            {when(v.savedAt)}
            {v.autosave ? " · autosave" : ""} · {v.hash.slice(0, 8)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Rename in place: Enter or leaving the field saves, Escape cancels; a name another pipeline has is refused. */
function RenameField({ entry, list, onDone }: { entry: PipelineSummary; list: PipelineSummary[]; onDone: (error?: string) => void }) {
  const [text, setText] = useState(entry.name);
  const refusal = text.trim() === entry.name ? null : nameRefusal(text, entry.id, list);
  const commit = () => {
    const name = text.trim();
    if (refusal || name === entry.name) return onDone(refusal ?? undefined);
    renameInLibrary(entry.id, name).then(() => onDone(), (e: unknown) => onDone(errorText(e)));
  };
  return (
    <span className="library-list__rename">
      <input
        className={`input${refusal ? " input--bad" : ""}`}
        value={text}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
          if (e.key === "Escape") onDone();
        }}
        aria-label={`New name of ${entry.name}`}
        data-testid={`rename-input-${entry.id}`}
      />
      {refusal && <span className="error small" data-testid={`rename-refusal-${entry.id}`}>{refusal}</span>}
    </span>
  );
}

export function OpenDialog({ onClose }: { onClose: () => void }) {
  const [list, setList] = useState<PipelineSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const current = useEditor((s) => s.pipelineId);
  useEffect(() => {
    getClient().call("pipelines.list", undefined).then((l) => setList([...l].sort((a, b) => b.updatedAt - a.updatedAt)), (e: unknown) => setError(errorText(e)));
  }, [reload]);
  const remove = (p: PipelineSummary) => {
    if (!confirm(`Delete "${p.name}" and all its ${p.versions} version${p.versions === 1 ? "" : "s"}?`)) return;
    deleteFromLibrary(p.id).then(() => setReload((n) => n + 1), (e: unknown) => setError(errorText(e)));
  };
  const open = (id: string, version?: number) => {
    onClose();
    void openPipeline(id, version);
  };
  return (
    <Dialog title="Open a pipeline" onClose={onClose} testId="open-dialog" wide>
      {error && <p className="error">{error}</p>}
      {!list && !error && <p className="muted">Loading…</p>}
      {list && list.length === 0 && <p className="muted">No saved pipelines yet.</p>}
      <ul className="library-list">
        {list?.map((p) => (
          <li key={p.id} className={p.id === current ? "current" : ""}>
            <div className="library-list__row">
              {renaming === p.id ? (
                <RenameField
                  entry={p}
                  list={list}
                  onDone={(e) => {
                    setRenaming(null);
                    if (e) setError(e);
                    else setError(null);
                    setReload((n) => n + 1);
                  }}
                />
              ) : (
                <button type="button" className="library-list__name" onClick={() => open(p.id)} data-testid={`open-${p.id}`}>
                  {p.name}
                </button>
              )}
              <span className="muted small">{when(p.updatedAt)}</span>
              <button type="button" className="link" onClick={() => setExpanded(expanded === p.id ? null : p.id)} data-testid={`versions-${p.id}`}>
                {p.versions} version{p.versions === 1 ? "" : "s"}
              </button>
              <button type="button" className="link" onClick={() => setRenaming(p.id)} data-testid={`rename-${p.id}`}>
                Rename
              </button>
              <button type="button" className="link link--danger" onClick={() => remove(p)} data-testid={`delete-${p.id}`}>
                Delete
              </button>
            </div>
            {expanded === p.id && <Versions id={p.id} onOpen={(v) => open(p.id, v)} />}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

/** Open a saved pipeline, or go back to one of its versions. */
import { useEffect, useState } from "react";
import type { PipelineSummary, PipelineVersionInfo } from "../../../shared/contract";
import { getClient } from "../api/client";
import { useEditor } from "../store/editorStore";
import { Dialog } from "../ui/Dialog";
import { openPipeline } from "./library";

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

export function OpenDialog({ onClose }: { onClose: () => void }) {
  const [list, setList] = useState<PipelineSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const current = useEditor((s) => s.pipelineId);
  useEffect(() => {
    getClient().call("pipelines.list", undefined).then((l) => setList([...l].sort((a, b) => b.updatedAt - a.updatedAt)), (e: Error) => setError(e.message));
  }, []);
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
              <button type="button" className="library-list__name" onClick={() => open(p.id)} data-testid={`open-${p.id}`}>
                {p.name}
              </button>
              <span className="muted small">{when(p.updatedAt)}</span>
              <button type="button" className="link" onClick={() => setExpanded(expanded === p.id ? null : p.id)} data-testid={`versions-${p.id}`}>
                {p.versions} version{p.versions === 1 ? "" : "s"}
              </button>
            </div>
            {expanded === p.id && <Versions id={p.id} onOpen={(v) => open(p.id, v)} />}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

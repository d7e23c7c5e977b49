/** The templates gallery: opening one makes an unsaved copy. */
import { useEffect, useState } from "react";
import type { TemplateInfo } from "../../../shared/contract";
import { getClient } from "../api/client";
import { Dialog } from "../ui/Dialog";
import { openTemplate } from "./library";

export function TemplatesDialog({ onClose }: { onClose: () => void }) {
  const [list, setList] = useState<TemplateInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getClient().call("templates.list", undefined).then(setList, (e: Error) => setError(e.message));
  }, []);
  return (
    <Dialog title="Templates" onClose={onClose} testId="templates-dialog" wide>
      {error && <p className="error">{error}</p>}
      {!list && !error && <p className="muted">Loading…</p>}
      <div className="gallery">
        {list?.map((t) => (
          <button key={t.file} type="button" className="gallery__card" onClick={() => void openTemplate(t.file)} data-testid={`template-${t.file}`}>
            <strong>{t.name}</strong>
            <span className="muted small">{t.description}</span>
          </button>
        ))}
      </div>
    </Dialog>
  );
}

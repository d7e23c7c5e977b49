/**
 * A save was refused because another tab or window saved a newer version meanwhile: reload it (this page's
 * edits stay in the backup and the difference can be read first), keep this page's document as a new version
 * (the other one stays in the version list), or see the difference.
 */
import { useState } from "react";
import { Dialog } from "../ui/Dialog";
import { editor } from "../store/editorStore";
import { save } from "./library";
import { lineDifference, setBase, useSaveConflict } from "./saveConflict";

export function SaveConflictDialog() {
  const conflict = useSaveConflict((s) => s.conflict);
  const [showDiff, setShowDiff] = useState(false);
  if (!conflict) return null;
  const { latest, mine } = conflict;
  const close = () => {
    useSaveConflict.getState().setConflict(null);
    setShowDiff(false);
  };
  const reload = () => {
    setBase(latest);
    editor().openDoc(latest.doc, { id: latest.id, version: latest.version });
    close();
  };
  const keepMine = () => {
    setBase(latest); // based on the latest now: this page's document becomes the next version
    close();
    void save(false);
  };
  const diff = showDiff ? lineDifference(latest.doc, mine) : null;
  return (
    <Dialog title="Saved elsewhere meanwhile" onClose={close} testId="save-conflict" wide>
      <p>
        Version {latest.version} of “{latest.name}” was saved in another tab or window after this page opened its version. Your changes are not
        saved yet and are not lost. What should happen?
      </p>
      <div className="dialog__actions">
        <button type="button" className="btn" onClick={reload} data-testid="save-conflict-reload">
          Reload version {latest.version}
        </button>
        <button type="button" className="btn btn--primary" onClick={keepMine} data-testid="save-conflict-keep">
          Keep mine as a new version
        </button>
        <button type="button" className="btn" onClick={() => setShowDiff(!showDiff)} data-testid="save-conflict-diff">
          {showDiff ? "Hide the difference" : "See the difference"}
        </button>
      </div>
      {diff && (
        <pre className="save-conflict__diff" data-testid="save-conflict-lines">
          {diff.onlyA.map((l) => `− ${l.trim()}  (version ${latest.version})`).join("\n")}
          {diff.onlyA.length && diff.onlyB.length ? "\n" : ""}
          {diff.onlyB.map((l) => `+ ${l.trim()}  (this page)`).join("\n")}
          {diff.onlyA.length + diff.onlyB.length === 0 ? "The two documents are the same." : ""}
        </pre>
      )}
    </Dialog>
  );
}

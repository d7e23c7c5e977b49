/** The top bar: pipeline name, library actions, undo/redo, validation and save status, theme. */
import { useRef } from "react";
import { editor, useEditor } from "../store/editorStore";
import { useUi, type ThemeChoice } from "../store/uiStore";
import { ConnectionStatus } from "../ui/ConnectionStatus";
import { RunMenu } from "../run/RunMenu";
import { validationOf } from "../store/validation";
import { deletePipeline, exportPipeline, importFile, newPipeline, renamePipeline, save } from "./library";

const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const THEME_ICON: Record<ThemeChoice, string> = { system: "◐ auto", light: "☀ light", dark: "☾ dark" };

function SaveStatus() {
  const dirty = useEditor((s) => s.dirty);
  const last = useEditor((s) => s.lastSave);
  const id = useEditor((s) => s.pipelineId);
  const text = dirty ? "Unsaved changes" : last ? `${last.autosave ? "Autosaved" : "Saved"} · v${last.version}` : id ? "Saved" : "New pipeline";
  return (
    <span className={`status${dirty ? " status--dirty" : ""}`} data-testid="save-status">
      {text}
    </span>
  );
}

function ValidationStatus() {
  const count = useEditor((s) => validationOf(s.doc).problems.length);
  const setBottomOpen = useUi((s) => s.setBottomOpen);
  return (
    <button type="button" className={`status status--btn ${count ? "status--bad" : "status--ok"}`} onClick={() => setBottomOpen(true)} data-testid="validation-status">
      {count ? `✕ ${count} problem${count > 1 ? "s" : ""}` : "✓ valid"}
    </button>
  );
}

export function Toolbar() {
  const name = useEditor((s) => s.doc.name);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const theme = useUi((s) => s.theme);
  const { setTheme, openDialog } = useUi.getState();
  const fileInput = useRef<HTMLInputElement>(null);
  const nameAtFocus = useRef("");

  return (
    <header className="toolbar" data-testid="toolbar">
      <span className="brand">Cascade Studio</span>
      <input
        className="toolbar__name"
        value={name}
        onChange={(e) => editor().edit((d) => void (d.name = e.target.value), { coalesce: "name" })}
        onFocus={(e) => (nameAtFocus.current = e.target.value)}
        onBlur={(e) => e.target.value !== nameAtFocus.current && void renamePipeline(e.target.value)}
        aria-label="Pipeline name"
        data-testid="pipeline-name"
        spellCheck={false}
      />
      <nav className="toolbar__group">
        <button type="button" className="btn" onClick={() => void newPipeline()} data-testid="lib-new">New</button>
        <button type="button" className="btn" onClick={() => openDialog({ type: "open" })} data-testid="lib-open">Open…</button>
        <button type="button" className="btn" onClick={() => openDialog({ type: "templates" })} data-testid="lib-templates">Templates…</button>
        <button type="button" className="btn btn--primary" onClick={() => void save(false)} title="Ctrl+S" data-testid="lib-save">Save</button>
        <button type="button" className="btn" onClick={() => fileInput.current?.click()} data-testid="lib-import">Import…</button>
        <button type="button" className="btn" onClick={() => void exportPipeline()} data-testid="lib-export">Export</button>
        <button type="button" className="btn btn--quiet" onClick={() => void deletePipeline()} data-testid="lib-delete">Delete</button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,.cascade.json,application/json"
          hidden
          data-testid="lib-import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void importFile(file);
          }}
        />
      </nav>
      <nav className="toolbar__group">
        <button type="button" className="btn btn--icon" disabled={!canUndo} onClick={() => editor().undo()} title="Undo (Ctrl+Z)" data-testid="undo">↶</button>
        <button type="button" className="btn btn--icon" disabled={!canRedo} onClick={() => editor().redo()} title="Redo (Ctrl+Shift+Z)" data-testid="redo">↷</button>
      </nav>
      <RunMenu />
      <span className="toolbar__spacer" />
      <ConnectionStatus />
      <ValidationStatus />
      <SaveStatus />
      <button type="button" className="btn btn--quiet" onClick={() => setTheme(NEXT_THEME[theme])} title="Theme" data-testid="theme-toggle">
        {THEME_ICON[theme]}
      </button>
    </header>
  );
}

/** The top bar: pipeline name, library actions, undo/redo, validation and save status, theme. */
import { useRef } from "react";
import { editor, useEditor } from "../store/editorStore";
import { useUi, type ThemeChoice } from "../store/uiStore";
import { ConnectionStatus } from "../ui/ConnectionStatus";
import { RunMenu } from "../run/RunMenu";
import { validationOf } from "../store/validation";
import { useEnvironment } from "../problems/environmentStore";
import { openBundle } from "../runs/openBundle";
import { CommandButton } from "../commands/CommandButton";
import { importFile, renamePipeline } from "./library";
import { useSaveState } from "./saveState";

const THEME_ICON: Record<ThemeChoice, string> = { system: "◐ auto", light: "☀ light", dark: "☾ dark" };

function SaveStatus() {
  const dirty = useEditor((s) => s.dirty);
  const last = useEditor((s) => s.lastSave);
  const id = useEditor((s) => s.pipelineId);
  const failure = useSaveState((s) => s.failure);
  const text = dirty ? "Unsaved changes" : last ? `${last.autosave ? "Autosaved" : "Saved"} · v${last.version}` : id ? "Saved" : "New pipeline";
  if (dirty && failure) {
    return (
      <span className="status status--bad status--failure" data-testid="save-status" data-failed="true" title={failure}>
        {failure}
      </span>
    );
  }
  return (
    <span className={`status${dirty ? " status--dirty" : ""}`} data-testid="save-status">
      {text}
    </span>
  );
}

function ValidationStatus() {
  const count = useEditor((s) => validationOf(s.doc).problems.length) + useEnvironment((s) => s.problems.length);
  const setBottomOpen = useUi((s) => s.setBottomOpen);
  return (
    <button type="button" className={`status status--btn ${count ? "status--bad" : "status--ok"}`} onClick={() => setBottomOpen(true)} data-testid="validation-status">
      {count ? `✕ ${count} problem${count > 1 ? "s" : ""}` : "✓ valid"}
    </button>
  );
}

export function Toolbar() {
  const name = useEditor((s) => s.doc.name);
  const theme = useUi((s) => s.theme);
  const fileInput = useRef<HTMLInputElement>(null);
  const nameAtFocus = useRef("");

  return (
    <header className="toolbar" data-testid="toolbar">
      <h1 className="brand">Cascade Studio</h1>
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
      <div className="toolbar__group" role="group" aria-label="Pipeline file">
        <CommandButton id="file.new" testId="lib-new">New</CommandButton>
        <CommandButton id="file.open" testId="lib-open">Open…</CommandButton>
        <CommandButton id="file.templates" testId="lib-templates">Templates…</CommandButton>
        <CommandButton id="file.save" className="btn btn--primary" testId="lib-save">Save</CommandButton>
        <CommandButton id="file.import" testId="lib-import">Import…</CommandButton>
        <CommandButton id="file.export" testId="lib-export">Export</CommandButton>
        <CommandButton id="file.delete" className="btn btn--quiet" testId="lib-delete">Delete</CommandButton>
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
        <input type="file" accept=".cascade" hidden data-testid="bundle-open-file" onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) void openBundle(file);
        }} />
      </div>
      <div className="toolbar__group" role="group" aria-label="Undo and redo">
        <CommandButton id="edit.undo" className="btn btn--icon" testId="undo">↶</CommandButton>
        <CommandButton id="edit.redo" className="btn btn--icon" testId="redo">↷</CommandButton>
      </div>
      <RunMenu />
      <span className="toolbar__spacer" />
      <ConnectionStatus />
      <ValidationStatus />
      <SaveStatus />
      <CommandButton id="help.shortcuts" className="btn btn--quiet btn--icon" testId="shortcuts-open">?</CommandButton>
      <CommandButton id="view.theme" className="btn btn--quiet" testId="theme-toggle">
        {THEME_ICON[theme]}
      </CommandButton>
    </header>
  );
}

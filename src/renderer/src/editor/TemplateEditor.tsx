/**
 * A CodeMirror 6 editor for a template field. The document holds the text: edits flow out through
 * `onChange` (which makes an undoable edit), and outside changes (undo, another view) flow back in.
 * Ctrl+Z inside the editor is the document's undo, like everywhere else.
 */
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap } from "@codemirror/commands";
import { Annotation, EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderExt } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { editor } from "../store/editorStore";
import { variableCompletion, type VariableSuggestion } from "./templateCompletion";
import { templateErrors, templateVariables } from "./templateDecorations";

const External = Annotation.define<boolean>();

export interface TemplateEditorProps {
  value: string;
  onChange: (text: string) => void;
  suggestions: () => VariableSuggestion[];
  placeholder?: string;
  testId?: string;
  minLines?: number;
}

export function TemplateEditor({ value, onChange, suggestions, placeholder, testId, minLines = 3 }: TemplateEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, suggestions });
  latest.current = { onChange, suggestions };

  useEffect(() => {
    const undoKeys = keymap.of([
      { key: "Mod-z", run: () => (editor().undo(), true), preventDefault: true },
      { key: "Mod-Shift-z", run: () => (editor().redo(), true), preventDefault: true },
      { key: "Ctrl-y", run: () => (editor().redo(), true), preventDefault: true },
    ]);
    // The editable area is a textbox for assistive technology: it takes the name of the field it sits in.
    const fieldLabel = host.current!.closest(".field")?.querySelector(".field__label")?.textContent?.trim();
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          undoKeys,
          keymap.of([...completionKeymap, ...defaultKeymap]),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": fieldLabel || "Template", "aria-multiline": "true" }),
          templateVariables,
          templateErrors,
          autocompletion({ override: [variableCompletion(() => latest.current.suggestions())], activateOnTyping: true }),
          placeholderExt(placeholder ?? ""),
          EditorView.theme({ ".cm-content": { minHeight: `${minLines * 1.5}em` } }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || u.transactions.some((t) => t.annotation(External))) return;
            latest.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once per mount; value changes are synced below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const current = v.state.doc.toString();
    if (current === value) return;
    // Keep the change minimal so the cursor stays where it was.
    let start = 0;
    while (start < current.length && start < value.length && current[start] === value[start]) start++;
    let endA = current.length;
    let endB = value.length;
    while (endA > start && endB > start && current[endA - 1] === value[endB - 1]) {
      endA--;
      endB--;
    }
    v.dispatch({ changes: { from: start, to: endA, insert: value.slice(start, endB) }, annotations: External.of(true) });
  }, [value]);

  return <div className="cm-host" ref={host} data-testid={testId} />;
}

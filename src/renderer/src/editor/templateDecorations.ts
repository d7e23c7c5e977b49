/**
 * CodeMirror decorations for prompt templates: `{{var}}` tags highlighted, and invalid or unclosed tags
 * marked red with parseTemplate's message on hover.
 */
import { RangeSetBuilder } from "@codemirror/state";
import { Decoration, EditorView, MatchDecorator, ViewPlugin, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import { parseTemplate } from "../../../shared/template";

const varMark = Decoration.mark({ class: "cm-tpl-var" });

const varMatcher = new MatchDecorator({
  regexp: /(?<!\\)\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/g,
  decoration: () => varMark,
});

export const templateVariables = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = varMatcher.createDeco(view);
    }
    update(u: ViewUpdate) {
      this.decorations = varMatcher.updateDeco(u, this.decorations);
    }
  },
  { decorations: (v) => v.decorations },
);

/** Where an error's mark ends: the end of its tag when it has one, else the `{{`. */
function errorEnd(text: string, offset: number): number {
  const close = text.indexOf("}}", offset + 2);
  const nextOpen = text.indexOf("{{", offset + 2);
  const lineEnd = text.indexOf("\n", offset);
  if (close !== -1 && (nextOpen === -1 || close < nextOpen) && (lineEnd === -1 || close < lineEnd)) return close + 2;
  return offset + 2;
}

function errorDecorations(view: EditorView): DecorationSet {
  const text = view.state.doc.toString();
  const builder = new RangeSetBuilder<Decoration>();
  const errors = [...parseTemplate(text).errors].sort((a, b) => a.offset - b.offset);
  let last = -1;
  for (const e of errors) {
    if (e.offset < last) continue;
    const end = Math.min(errorEnd(text, e.offset), text.length);
    builder.add(e.offset, end, Decoration.mark({ class: "cm-tpl-error", attributes: { title: e.message } }));
    last = end;
  }
  return builder.finish();
}

export const templateErrors = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = errorDecorations(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged) this.decorations = errorDecorations(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

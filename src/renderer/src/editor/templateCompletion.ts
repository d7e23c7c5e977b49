/** Completion of variable names after `{{` in a template editor. */
import type { CompletionContext, CompletionResult } from "@codemirror/autocomplete";

export interface VariableSuggestion {
  name: string;
  /** Where it comes from, e.g. "dataset_1 column" or "used in this template". */
  detail: string;
}

export function variableCompletion(suggestions: () => VariableSuggestion[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const m = ctx.matchBefore(/\{\{\s*[A-Za-z0-9_]*$/);
    if (!m) return null;
    const nameStart = m.from + m.text.search(/[A-Za-z0-9_]*$/);
    const after = ctx.state.sliceDoc(ctx.pos, ctx.pos + 2);
    const close = after === "}}" ? "" : "}}";
    const seen = new Set<string>();
    const options = suggestions()
      .filter((s) => (seen.has(s.name) ? false : (seen.add(s.name), true)))
      .map((s) => ({ label: s.name, detail: s.detail, type: "variable", apply: `${s.name}${close}` }));
    if (options.length === 0) return null;
    return { from: nameStart, options, validFor: /^[A-Za-z0-9_]*$/ };
  };
}

import { CompletionContext } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { produce } from "immer";
import { describe, expect, it } from "vitest";
import { variableSuggestions } from "../../../src/renderer/src/config/forms/variableSuggestions";
import { variableCompletion } from "../../../src/renderer/src/editor/templateCompletion";
import { emptyDoc } from "../../../src/renderer/src/store/emptyDoc";
import { addNode, connect } from "../../../src/renderer/src/store/graphOps";

const doc = produce(emptyDoc(), (d) => {
  addNode(d, "dataset", { x: 0, y: 0 });
  addNode(d, "prompt", { x: 300, y: 0 });
  addNode(d, "prompt", { x: 600, y: 0 });
  connect(d, { source: "dataset_1", sourcePort: "question", target: "prompt_2", targetPort: "question" });
});

function complete(text: string, pos = text.length) {
  const source = variableCompletion(() => variableSuggestions(doc, "prompt_2"));
  return source(new CompletionContext(EditorState.create({ doc: text }), pos, false));
}

describe("template completion", () => {
  it("suggests wired inputs first, then this node's vars, then upstream outputs and dataset columns", () => {
    const names = variableSuggestions(doc, "prompt_2").map((s) => `${s.name}:${s.detail}`);
    expect(names[0]).toBe("question:from dataset_1.question");
    expect(names).toContain("answer:dataset_1 column (text)");
    expect(names).toContain("text:prompt_1 output (text)");
    expect(names.some((n) => n.startsWith("conversation"))).toBe(false);
  });

  it("completes only after {{, replacing the partial name and closing the tag once", () => {
    expect(complete("Answer: ques")).toBeNull();
    const r = complete("Answer: {{ ans")!;
    expect(r.from).toBe("Answer: {{ ".length);
    const labels = r.options.map((o) => o.label);
    expect(labels).toEqual([...new Set(labels)]);
    expect(r.options.find((o) => o.label === "answer")!.apply).toBe("answer}}");
    const closed = complete("{{ans}}", 5)!;
    expect(closed.options.find((o) => o.label === "answer")!.apply).toBe("answer");
  });
});

import { describe, expect, it } from "vitest";
import { editEffectsText } from "../../../src/renderer/src/review/editEffectsText";

const node = (label: string, perItem = true) => ({ nodeId: label.toLowerCase(), label, kind: perItem ? "prompt" : "export", perItem });

describe("what an edit reaches, in words", () => {
  it("names the per-item nodes it re-runs and the whole-run ones it reaches, in order", () => {
    const r = editEffectsText({ editable: ["cot"], downstream: [node("Tidy"), node("Self-check"), node("Mix", false)] });
    expect(r.text).toBe("Editing cot re-runs Tidy and Self-check for this item on the next run and reaches Mix with the edited value. Nodes that do not come after this one keep the unedited value.");
    expect(r.all).toBe("Tidy → Self-check → Mix");
  });

  it("shortens a long list and keeps all of it for the title", () => {
    const r = editEffectsText({ editable: ["a", "b"], downstream: ["A", "B", "C", "D", "E"].map((l) => node(l)) });
    expect(r.text).toMatch(/^Editing a and b re-runs A, B, C and 2 more nodes for this item on the next run\./);
    expect(r.all).toBe("A → B → C → D → E");
  });

  it("says when nothing comes after the node, and nothing when no field is editable", () => {
    expect(editEffectsText({ editable: ["x"], downstream: [] }).text).toBe("Editing x changes only this node's output: nothing comes after it.");
    expect(editEffectsText({ editable: [], downstream: [node("A")] }).text).toBe("");
  });
});

/** The Experiment tab's document edits through the editor store: one undo step each, combinations dropped when the axes change shape. */
import { beforeEach, describe, expect, it } from "vitest";
import { addAxis, addValue, removeAxis, removeValue, setCap, setValue } from "../../../src/renderer/src/experiment/experimentOps";
import { localCells } from "../../../src/renderer/src/experiment/localCells";
import { editor } from "../../../src/renderer/src/store/editorStore";
import { templateDoc } from "../service/helpers";

beforeEach(() => editor().openDoc(templateDoc("cas-seat.json")));

describe("experiment edits", () => {
  it("adds an axis with the field's value first, values after it, and undo takes each step back", () => {
    editor().edit((d) => addAxis(d, "models.reasoner.model", d.models.reasoner.model));
    editor().edit((d) => addAxis(d, "models.reasoner.model", "again")); // a second Vary of the same path: nothing
    expect(editor().doc.experiment).toEqual({ axes: [{ path: "models.reasoner.model", values: ["qwen2-vl-7b-instruct"] }] });
    editor().edit((d) => addValue(d, 0));
    editor().edit((d) => setValue(d, 0, 1, "qwen2-vl-72b-instruct"));
    editor().edit((d) => addAxis(d, "models.reasoner.params.temperature", 0.2));
    editor().edit((d) => addValue(d, 1));
    editor().edit((d) => setValue(d, 1, 1, 0.7));
    expect(localCells(editor().doc.experiment).cells.map((c) => c.values.map((v) => v.label).join(" "))).toEqual([
      "qwen2-vl-7b-instruct 0.2",
      "qwen2-vl-7b-instruct 0.7",
      "qwen2-vl-72b-instruct 0.2",
      "qwen2-vl-72b-instruct 0.7",
    ]);
    editor().undo();
    expect(editor().doc.experiment!.axes[1].values).toEqual([0.2, 0.2]);
    editor().undo();
    editor().undo();
    expect(editor().doc.experiment!.axes).toHaveLength(1);
  });

  it("keeps at least one value, drops combinations when the axes change shape, and removes an empty section", () => {
    editor().edit((d) => addAxis(d, "settings.limit", undefined));
    expect(editor().doc.experiment!.axes[0].values).toEqual([""]);
    editor().edit((d) => addValue(d, 0));
    editor().edit((d) => void (d.experiment!.combinations = [[1]]));
    editor().edit((d) => setCap(d, "maxCalls", 10));
    editor().edit((d) => removeValue(d, 0, 0));
    expect(editor().doc.experiment).toEqual({ axes: [{ path: "settings.limit", values: [""] }], maxCalls: 10 });
    editor().edit((d) => removeValue(d, 0, 0)); // the last value stays
    expect(editor().doc.experiment!.axes[0].values).toHaveLength(1);
    editor().edit((d) => removeAxis(d, 0));
    expect(editor().doc.experiment).toBeUndefined();
    editor().undo();
    expect(editor().doc.experiment!.maxCalls).toBe(10);
  });

  it("says why the cells cannot be listed (a combination out of range)", () => {
    editor().edit((d) => addAxis(d, "models.reasoner.model", "A"));
    editor().edit((d) => void (d.experiment!.combinations = [[3]]));
    expect(localCells(editor().doc.experiment).error).toBe("experiment.combinations[0][0]: index 3, but axis 1 has 1 values (0 to 0)");
  });
});

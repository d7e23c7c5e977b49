/** The experiment's caps (document fields): stop starting calls past max calls or max cost; finished cells are kept. */
import { Field, NumberInput } from "../config/fields";
import { editor, useEditor } from "../store/editorStore";
import { setCap } from "./experimentOps";

export function ExperimentCaps() {
  const maxCalls = useEditor((s) => s.doc.experiment?.maxCalls);
  const maxCostUsd = useEditor((s) => s.doc.experiment?.maxCostUsd);
  const set = (key: "maxCalls" | "maxCostUsd", v: number | undefined) => editor().edit((doc) => setCap(doc, key, v), { coalesce: `experiment.${key}` });
  return (
    <div className="row">
      <Field label="Max calls" hint="cache hits are free">
        <NumberInput value={maxCalls} integer min={1} placeholder="no cap" onChange={(v) => set("maxCalls", v)} testId="experiment-max-calls" />
      </Field>
      <Field label="Max cost (USD)" hint="needs every model's price">
        <NumberInput value={maxCostUsd} min={0} step={0.01} placeholder="no cap" onChange={(v) => set("maxCostUsd", v)} testId="experiment-max-cost" />
      </Field>
    </div>
  );
}

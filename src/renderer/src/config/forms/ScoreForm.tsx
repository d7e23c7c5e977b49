import type { ScoreConfig } from "../../../../shared/nodes/kinds/score";
import { Checkbox, Field, NumberInput, Select } from "../fields";
import { setOrDelete, type FormProps } from "../nodeEdit";

const METHODS = [
  { value: "auto", label: "auto — choice, numeric or normalized by the item's answer type" },
  { value: "mathvista", label: "mathvista — MathVista's official scoring" },
  { value: "mmmu", label: "mmmu — MMMU's official scoring" },
  { value: "normalized", label: "normalized — case and spacing ignored; signs, %, $ kept" },
  { value: "exact", label: "exact — identical text" },
  { value: "numeric", label: "numeric — numbers within a tolerance" },
  { value: "choice", label: "choice — multiple-choice letter" },
] as const;

export function ScoreForm({ config, update }: FormProps<ScoreConfig>) {
  const numeric = config.method === "numeric" || config.method === "auto";
  return (
    <>
      <Field label="Method">
        <Select value={config.method ?? ""} options={METHODS} onChange={(v) => update("method", (c) => void (c.method = v))} testId="config-score-method" />
      </Field>
      {numeric && (
        <>
          <Field label="Tolerance" hint="allowed absolute difference (default 1e-6)">
            <NumberInput value={config.tolerance} min={0} step={0.01} placeholder="0.000001" onChange={(v) => update("tolerance", (c) => setOrDelete(c, "tolerance", v))} testId="config-score-tolerance" />
          </Field>
          <Checkbox checked={!!config.relative} onChange={(v) => update("relative", (c) => setOrDelete(c, "relative", v || undefined))} label="Tolerance relative to the truth" />
        </>
      )}
    </>
  );
}

import type { TextConfig } from "../../../../shared/nodes/kinds/text";
import { Field, Select, TextArea } from "../fields";
import type { FormProps } from "../nodeEdit";

type Draft = { mode: "constant" | "list"; value?: string; values?: string[] };

export function TextForm({ config, update }: FormProps<TextConfig>) {
  const setMode = (mode: "constant" | "list") =>
    update("mode", (c) => {
      const d = c as Draft;
      if (d.mode === mode) return;
      if (mode === "list") {
        d.values = d.value ? [d.value] : [""];
        delete d.value;
      } else {
        d.value = d.values?.[0] ?? "";
        delete d.values;
      }
      d.mode = mode;
    });
  return (
    <>
      <Field label="Mode">
        <Select value={config.mode} options={[{ value: "constant", label: "one constant text" }, { value: "list", label: "a list (downstream runs once per value)" }]} onChange={setMode} testId="config-text-mode" />
      </Field>
      {config.mode === "constant" ? (
        <Field label="Text">
          <TextArea value={config.value ?? ""} rows={6} onChange={(v) => update("value", (c) => void ((c as Draft).value = v))} testId="config-text-value" />
        </Field>
      ) : (
        <Field label="Values" hint="one per line">
          <TextArea value={(config.values ?? []).join("\n")} rows={8} onChange={(v) => update("values", (c) => void ((c as Draft).values = v.split("\n")))} testId="config-text-values" />
        </Field>
      )}
    </>
  );
}

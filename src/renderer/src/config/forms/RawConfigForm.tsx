/** Fallback for a kind without its own form: the config as JSON. */
import { Field, JsonArea } from "../fields";
import type { FormProps } from "../nodeEdit";

export function RawConfigForm({ config, update }: FormProps<Record<string, unknown>>) {
  return (
    <Field label="Config (JSON)">
      <JsonArea
        value={config}
        check={(v) => (v && typeof v === "object" && !Array.isArray(v) ? null : "an object")}
        onChange={(v) =>
          update("raw", (c) => {
            for (const k of Object.keys(c)) delete c[k];
            Object.assign(c, v);
          })
        }
        rows={10}
      />
    </Field>
  );
}

import type { ExtractConfig } from "../../../../shared/nodes/kinds/extract";
import { Checkbox, Field, NumberInput, Select, TextInput } from "../fields";
import { setOrDelete, type FormProps } from "../nodeEdit";

const METHODS = [
  { value: "final-answer", label: "final-answer — the last Final answer line, else the last letter or number" },
  { value: "choice", label: "choice — a multiple-choice letter" },
  { value: "number", label: "number — the last number" },
  { value: "regex", label: "regex — a capture group" },
  { value: "jsonPath", label: "jsonPath — a field of a JSON reply" },
  { value: "trim", label: "trim — the whole reply, trimmed" },
] as const;
const NORMALIZE = ["none", "lowercase", "choice", "number"] as const;

export function ExtractForm({ config, update }: FormProps<ExtractConfig>) {
  const m = config.method;
  const str = (key: "pattern" | "flags" | "path" | "letters" | "fallback") => (v: string) => update(key, (c) => setOrDelete(c, key, v === "" ? undefined : v));
  return (
    <>
      <Field label="Method">
        <Select value={m ?? ""} options={METHODS} onChange={(v) => update("method", (c) => void (c.method = v))} testId="config-extract-method" />
      </Field>
      {m === "regex" && (
        <>
          <Field label="Pattern" hint="a regular expression; the capture group is the answer">
            <TextInput value={config.pattern ?? ""} onChange={str("pattern")} placeholder="Answer:\s*(.+)" testId="config-extract-pattern" />
          </Field>
          <div className="row">
            <Field label="Flags">
              <TextInput value={config.flags ?? ""} onChange={str("flags")} placeholder="i" />
            </Field>
            <Field label="Group">
              <NumberInput value={config.group} integer min={0} placeholder="1" onChange={(v) => update("group", (c) => setOrDelete(c, "group", v))} />
            </Field>
          </div>
        </>
      )}
      {m === "jsonPath" && (
        <Field label="Path" hint="e.g. $.answer or $.steps[0].value">
          <TextInput value={config.path ?? ""} onChange={str("path")} placeholder="$.answer" testId="config-extract-path" />
        </Field>
      )}
      {(m === "choice" || m === "final-answer") && (
        <Field label="Letters" hint={m === "final-answer" ? "the allowed letters when the item has no choices input" : "the allowed choices"}>
          <TextInput value={config.letters ?? ""} onChange={(v) => str("letters")(v.toUpperCase())} placeholder="ABCDE" />
        </Field>
      )}
      {m === "final-answer" && (
        <Checkbox
          checked={config.guess !== false}
          onChange={(v) => update("guess", (c) => setOrDelete(c, "guess", v ? undefined : false))}
          label="Without an answer line, take the last letter or number"
          hint="off: only a reply that is just the answer, or a Final answer / Answer line, decides (e.g. before an extractor model)"
          testId="config-extract-guess"
        />
      )}
      <Field label="Normalize">
        <Select value={config.normalize ?? ""} empty="(none)" options={NORMALIZE} onChange={(v) => update("normalize", (c) => setOrDelete(c, "normalize", v || undefined))} />
      </Field>
      <Field label="Fallback" hint="output when nothing matches; empty: the item fails here">
        <TextInput value={config.fallback ?? ""} onChange={str("fallback")} />
      </Field>
    </>
  );
}

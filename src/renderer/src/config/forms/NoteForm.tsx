import type { NoteConfig } from "../../../../shared/nodes/kinds/note";
import { Field, TextArea } from "../fields";
import type { FormProps } from "../nodeEdit";

export function NoteForm({ config, update }: FormProps<NoteConfig>) {
  return (
    <Field label="Text">
      <TextArea value={config.text ?? ""} rows={8} onChange={(v) => update("text", (c) => void (c.text = v))} testId="config-note-text" />
    </Field>
  );
}

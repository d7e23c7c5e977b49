/**
 * Chooses which of the pipeline's models a prompt uses and, for that entry, which server model: the names
 * the server reports (`models.available`) are offered as suggestions; failures only show a quiet note.
 */
import { useEffect, useId, useState } from "react";
import type { ModelConfig } from "../../../../shared/pipeline/schema";
import { getClient } from "../../api/client";
import { editor, useEditor } from "../../store/editorStore";
import { nextModelName } from "../../store/ids";
import { REMOTE_MODEL } from "../../models/modelOps";
import { useUi } from "../../store/uiStore";
import { Field, Select, TextInput } from "../fields";
import { modelPath } from "../../experiment/varyPaths";

const NEW = "__new__";

export function ModelPicker({ value, onChange }: { value: string; onChange: (name: string) => void }) {
  const models = useEditor((s) => s.doc.models);
  const entry: ModelConfig | undefined = models[value];
  const names = Object.keys(models).sort();
  const [available, setAvailable] = useState<string[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [why, setWhy] = useState<string | undefined>(undefined);
  const listId = useId();

  const configKey = entry ? `${entry.provider}|${entry.baseUrl ?? ""}|${entry.apiKeyEnv ?? ""}` : "";
  useEffect(() => {
    setAvailable([]);
    setNote(null);
    setWhy(undefined);
    if (!entry) return;
    let live = true;
    getClient()
      .call("models.available", { config: entry, name: value })
      .then((list) => live && (setAvailable(list), setNote(list.length ? null : "the server reported no models")))
      .catch((e: Error) => live && (setNote("the server's model list is unavailable"), setWhy(e.message)));
    return () => {
      live = false;
    };
    // Re-ask only when where we ask changes, not when the model name is typed.
  }, [value, configKey]);

  const choose = (v: string) => {
    if (v !== NEW) return onChange(v);
    const name = nextModelName(editor().doc);
    editor().edit((doc) => void (doc.models[name] = { ...REMOTE_MODEL }));
    onChange(name);
    useUi.getState().setRightTab("models");
  };

  return (
    <>
      <Field label="Model" hint={names.length === 0 ? "no models yet: add one in the Models tab" : undefined}>
        <Select value={value} empty="(choose a model)" options={[...names, { value: NEW, label: "＋ New model…" }]} onChange={choose} testId="config-prompt-model" />
      </Field>
      {entry && (
        <Field label={`Server model of "${value}" (${entry.provider})`} vary={{ path: modelPath(value, "model"), value: entry.model }} hint={
            note ? (
              <span title={why} data-testid="config-prompt-models-note">
                {note}
                {why ? <span className="hover-hint"> (why?)</span> : null}
              </span>
            ) : available.length ? (
              `${available.length} reported by the server`
            ) : undefined
          }
        >
          <TextInput
            value={entry.model}
            list={listId}
            onChange={(v) => editor().edit((doc) => void (doc.models[value] && (doc.models[value].model = v)), { coalesce: `models.${value}.model` })}
            testId="config-prompt-server-model"
          />
          <datalist id={listId}>
            {available.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </Field>
      )}
    </>
  );
}

/** Pipeline-wide fields: name, description, run settings. */
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import { editor, useEditor } from "../store/editorStore";
import { Checkbox, Field, NumberInput, TextArea, TextInput } from "./fields";
import { setOrDelete } from "./nodeEdit";

type Settings = NonNullable<PipelineDoc["settings"]>;

function setSetting<K extends keyof Settings>(key: K, value: Settings[K] | undefined) {
  editor().edit(
    (doc) => {
      const s = (doc.settings ??= {});
      setOrDelete(s, key, value);
      if (Object.keys(s).length === 0) delete doc.settings;
    },
    { coalesce: `settings.${key}` },
  );
}

export function PipelinePanel() {
  const name = useEditor((s) => s.doc.name);
  const description = useEditor((s) => s.doc.description ?? "");
  const settings = useEditor((s) => s.doc.settings) ?? {};
  const counts = useEditor((s) => `${s.doc.nodes.length} nodes · ${s.doc.edges.length} edges · ${Object.keys(s.doc.models).length} models`);
  return (
    <div className="config" data-testid="pipeline-panel">
      <Field label="Name">
        <TextInput value={name} onChange={(v) => editor().edit((d) => void (d.name = v), { coalesce: "name" })} testId="pipeline-panel-name" />
      </Field>
      <Field label="Description">
        <TextArea value={description} rows={4} onChange={(v) => editor().edit((d) => setOrDelete(d, "description", v || undefined), { coalesce: "description" })} testId="pipeline-description" />
      </Field>
      <fieldset className="fieldset">
        <legend>Run settings</legend>
        <div className="row">
          <Field label="Concurrency" hint="per model (default 8)">
            <NumberInput value={settings.concurrency} integer min={1} max={256} placeholder="8" onChange={(v) => setSetting("concurrency", v)} />
          </Field>
          <Field label="Limit" hint="first N items only" vary={settings.limit !== undefined ? { path: "settings.limit", value: settings.limit } : undefined}>
            <NumberInput value={settings.limit} integer min={1} placeholder="all" onChange={(v) => setSetting("limit", v)} />
          </Field>
        </div>
        <Checkbox checked={!!settings.noCache} onChange={(v) => setSetting("noCache", v || undefined)} label="Ignore the cache for every node" />
      </fieldset>
      <p className="muted small">{counts}</p>
    </div>
  );
}

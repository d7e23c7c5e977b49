/**
 * A form generated from a kind's config schema, for kinds without a hand-written one (judge, code, filter,
 * review, mix, export, and any added later). Template fields get the {{var}} editor, `model` the model
 * picker, `params` the parameters fieldset, `images` the image-ports list.
 */
import { useCallback, useMemo } from "react";
import { getKind } from "../../../../shared/nodes/registry";
import { TemplateEditor } from "../../editor/TemplateEditor";
import { editor } from "../../store/editorStore";
import { Checkbox, Field, JsonArea, NumberInput, Select, TextArea, TextInput } from "../fields";
import { ImagesList } from "../forms/ImagesList";
import { ModelPicker } from "../forms/ModelPicker";
import { PromptParams, type ParamsHolder } from "../forms/PromptParams";
import { variableSuggestions } from "../forms/variableSuggestions";
import { setOrDelete, type ConfigUpdater, type FormProps } from "../nodeEdit";
import { fieldsOf, type FieldSpec } from "./introspect";
import { ListInput } from "./ListInput";

type Config = Record<string, unknown>;

/** Long free text: code, conditions, instructions. */
const MULTILINE = new Set(["source", "instructions", "condition", "text", "description"]);

/** "scoreMin" → "Score min" */
export function humanise(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function templateFields(kind: string, config: Config): Set<string> {
  try {
    return new Set(getKind(kind)?.templates(config).map((t) => t.field) ?? []);
  } catch {
    return new Set();
  }
}

function FieldControl({ spec, value, set, nodeId, template }: { spec: FieldSpec; value: unknown; set: (v: unknown) => void; nodeId: string; template: boolean }) {
  const suggestions = useCallback(() => variableSuggestions(editor().doc, nodeId), [nodeId]);
  const testId = `config-field-${spec.key}`;
  switch (spec.type) {
    case "string":
      if (template) return <TemplateEditor value={typeof value === "string" ? value : ""} onChange={(t) => set(t === "" && spec.optional ? undefined : t)} suggestions={suggestions} testId={testId} minLines={3} />;
      if (MULTILINE.has(spec.key))
        return <TextArea value={typeof value === "string" ? value : ""} rows={spec.key === "source" ? 10 : 3} onChange={(t) => set(t === "" && spec.optional ? undefined : t)} testId={testId} />;
      return <TextInput value={typeof value === "string" ? value : ""} onChange={(t) => set(t === "" && spec.optional ? undefined : t)} testId={testId} />;
    case "number":
      return <NumberInput value={typeof value === "number" ? value : undefined} min={spec.min} max={spec.max} integer={spec.integer} placeholder={spec.optional ? "default" : undefined} onChange={set} testId={testId} />;
    case "boolean":
      return <Checkbox checked={value === true} onChange={(v) => set(v || (spec.optional ? undefined : false))} label={humanise(spec.key)} testId={testId} />;
    case "enum":
      return <Select value={typeof value === "string" ? value : ""} options={spec.options} empty={spec.optional ? "(default)" : undefined} onChange={(v) => set(v === "" ? undefined : v)} testId={testId} />;
    case "stringList":
    case "numberList":
      return <ListInput value={Array.isArray(value) ? (value as (string | number)[]) : []} numbers={spec.type === "numberList"} onChange={(v) => set(v.length === 0 && spec.optional ? undefined : v)} testId={testId} />;
    case "numberOr":
      return (
        <TextInput
          value={value === undefined ? "" : String(value)}
          placeholder={`a number or "${spec.literal}"`}
          onChange={(t) => set(t.trim() === spec.literal ? spec.literal : t.trim() === "" ? undefined : Number.isFinite(Number(t)) ? Number(t) : t)}
          testId={testId}
        />
      );
    default:
      return <JsonArea value={value ?? null} onChange={(v) => set(v === null && spec.optional ? undefined : v)} rows={4} testId={testId} />;
  }
}

export function SchemaForm({ node, config, update }: FormProps<Config>) {
  const kind = getKind(node.kind);
  const specs = useMemo(() => (kind ? fieldsOf(kind.configSchema) : []), [kind]);
  const templates = templateFields(node.kind, config);
  if (!kind || specs.length === 0) return null;
  return (
    <>
      {specs.map((spec) => {
        const value = config[spec.key];
        const set = (v: unknown) => update(spec.key, (c) => setOrDelete(c, spec.key, v));
        if (spec.key === "model" && spec.type === "string") return <ModelPicker key={spec.key} value={typeof value === "string" ? value : ""} onChange={set} />;
        if (spec.key === "params") return <PromptParams key={spec.key} config={config as unknown as ParamsHolder} update={update as unknown as ConfigUpdater<ParamsHolder>} samples={false} />;
        if (spec.key === "images" && spec.type === "stringList")
          return (
            <Field key={spec.key} label="Image inputs" hint={spec.description}>
              <ImagesList images={Array.isArray(value) ? (value as string[]) : []} update={update as never} />
            </Field>
          );
        if (spec.type === "boolean")
          return (
            <div key={spec.key} title={spec.description}>
              <FieldControl spec={spec} value={value} set={set} nodeId={node.id} template={false} />
            </div>
          );
        return (
          <Field key={spec.key} label={humanise(spec.key) + (spec.optional ? "" : " *")} hint={spec.description}>
            <FieldControl spec={spec} value={value} set={set} nodeId={node.id} template={templates.has(spec.key) || spec.key === "rubric" || spec.key === "system"} />
          </Field>
        );
      })}
    </>
  );
}

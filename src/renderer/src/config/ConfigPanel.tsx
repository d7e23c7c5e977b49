/** The right-hand panel for the selected node: label, id, and a form for its kind. */
import type { ComponentType } from "react";
import type { NodeKindDef } from "../../../shared/nodes/kind";
import { getKind, type CustomFormKind } from "../../../shared/nodes/registry";
import { useEditor } from "../store/editorStore";
import { validationOf } from "../store/validation";
import { environmentText, useEnvironment } from "../problems/environmentStore";
import { Checkbox, Field, TextInput } from "./fields";
import { EdgePanel } from "./EdgePanel";
import { DatasetForm } from "./forms/DatasetForm";
import { ExtractForm } from "./forms/ExtractForm";
import { NoteForm } from "./forms/NoteForm";
import { PromptForm } from "./forms/PromptForm";
import { RawConfigForm } from "./forms/RawConfigForm";
import { SchemaForm } from "./schemaForm/SchemaForm";
import { fieldsOf } from "./schemaForm/introspect";
import { ScoreForm } from "./forms/ScoreForm";
import { TextForm } from "./forms/TextForm";
import { nodeUpdater, type FormProps } from "./nodeEdit";

/** The kinds whose descriptor says `form: "custom"`, each with its form (exactly those: the type checker asks). */
const CUSTOM_FORMS = {
  dataset: DatasetForm,
  text: TextForm,
  prompt: PromptForm,
  extract: ExtractForm,
  score: ScoreForm,
  note: NoteForm,
} satisfies Record<CustomFormKind, ComponentType<FormProps<any>>>;

function formOf(kind: NodeKindDef<any> | undefined): ComponentType<FormProps<any>> {
  if (kind?.form === "custom") return CUSTOM_FORMS[kind.kind as CustomFormKind];
  return kind && fieldsOf(kind.configSchema).length > 0 ? SchemaForm : RawConfigForm;
}

export function ConfigPanel() {
  const selected = useEditor((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : null));
  const count = useEditor((s) => s.selection.nodes.length);
  const node = useEditor((s) => (selected ? s.doc.nodes.find((n) => n.id === selected) : undefined));
  const docProblems = useEditor((s) => (selected ? validationOf(s.doc).byNode.get(selected) : undefined));
  const envText = useEnvironment((s) => (selected ? environmentText(s.problems, selected) : ""));
  const problems = envText ? [...(docProblems ?? []), ...envText.split("\n").map((message) => ({ message }))] : docProblems;
  const edgeId = useEditor((s) => (s.selection.nodes.length === 0 && s.selection.edges.length === 1 ? s.selection.edges[0] : null));

  if (!node && edgeId) return <EdgePanel edgeId={edgeId} />;
  if (!node) {
    return (
      <div className="config config--empty" data-testid="config-panel">
        {count > 1 ? `${count} nodes selected.` : "Select a node to edit it, or add one from the palette."}
        <p className="muted small">Double-click the canvas to add a node there; Ctrl+K finds any node, template or command; ? lists the shortcuts.</p>
      </div>
    );
  }
  const kind = getKind(node.kind);
  const Form = formOf(kind);
  const update = nodeUpdater<Record<string, unknown>>(node.id);
  return (
    <div className="config" data-testid="config-panel" data-node-id={node.id} key={node.id}>
      <div className={`config__head cat--${kind?.category ?? "unknown"}`}>
        <span className="config__kind">{kind?.title ?? node.kind}</span>
        <code className="config__id" data-testid="config-node-id">{node.id}</code>
      </div>
      {kind && <p className="muted small">{kind.description}</p>}
      {problems && problems.length > 0 && (
        <ul className="config__problems" data-testid="config-problems">
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
      <Field label="Label">
        <TextInput
          value={node.label ?? ""}
          placeholder={kind?.title ?? node.kind}
          onChange={(v) => update("label", (_c, n) => void (v ? (n.label = v) : delete n.label))}
          testId="config-label"
        />
      </Field>
      <Form node={node} config={node.config} update={update} />
      {kind?.mode === "per-item" && kind.modelRefs(node.config).length > 0 && (
        <Checkbox
          checked={!!node.noCache}
          onChange={(v) => update("noCache", (_c, n) => void (v ? (n.noCache = true) : delete n.noCache))}
          label="Always call the model (ignore the cache)"
        />
      )}
    </div>
  );
}

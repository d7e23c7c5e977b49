/** Prompt: model, system and user templates (CodeMirror, {{var}} aware), image inputs, chat continuation, params. */
import { useCallback } from "react";
import type { PromptConfig } from "../../../../shared/nodes/kinds/prompt";
import { TemplateEditor } from "../../editor/TemplateEditor";
import { editor } from "../../store/editorStore";
import { Checkbox, Field } from "../fields";
import { setOrDelete, type FormProps } from "../nodeEdit";
import { ImagesList } from "./ImagesList";
import { ModelPicker } from "./ModelPicker";
import { PromptParams } from "./PromptParams";
import { variableSuggestions } from "./variableSuggestions";
import { nodeConfigPath } from "../../experiment/varyPaths";

export function PromptForm({ node, config, update }: FormProps<PromptConfig>) {
  const suggestions = useCallback(() => variableSuggestions(editor().doc, node.id), [node.id]);
  return (
    <>
      <ModelPicker value={config.model ?? ""} onChange={(v) => update("model", (c) => void (c.model = v))} />
      <Field label="System" hint="optional; {{vars}} here become inputs too" vary={{ path: nodeConfigPath(node.id, "system"), value: config.system }}>
        <TemplateEditor
          value={config.system ?? ""}
          onChange={(t) => update("system", (c) => setOrDelete(c, "system", t === "" ? undefined : t))}
          suggestions={suggestions}
          placeholder="optional, e.g. You are a careful assistant."
          testId="system-editor"
          minLines={2}
        />
      </Field>
      <Field label="Template (user message)" hint="each {{var}} becomes an input port; type {{ for suggestions" vary={{ path: nodeConfigPath(node.id, "template"), value: config.template }}>
        <TemplateEditor value={config.template ?? ""} onChange={(t) => update("template", (c) => void (c.template = t))} suggestions={suggestions} placeholder="Write the user message, e.g. Answer: {{question}}" testId="template-editor" minLines={4} />
      </Field>
      <Field label="Image inputs">
        <ImagesList images={config.images ?? []} update={update} />
      </Field>
      <Checkbox
        checked={!!config.continueConversation}
        onChange={(v) => update("continueConversation", (c) => setOrDelete(c, "continueConversation", v || undefined))}
        label="Continue an upstream conversation"
        hint="adds a conversation input; this prompt becomes the next turn of that chat (e.g. a self-evaluation)"
        testId="config-prompt-continue"
      />
      <PromptParams config={config} update={update} varyBase={nodeConfigPath(node.id, "")} />
    </>
  );
}

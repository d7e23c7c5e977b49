/** The pipeline's named models: add, edit, remove, test. */
import { editor, useEditor } from "../store/editorStore";
import { nextModelName } from "../store/ids";
import { LocalModels } from "../providers/LocalModels";
import { PricingEditor } from "../providers/PricingEditor";
import { ModelForm } from "./ModelForm";

export function ModelsPanel() {
  const names = useEditor((s) => Object.keys(s.doc.models).sort().join("\n"));
  const list = names ? names.split("\n") : [];
  const add = () => {
    const name = nextModelName(editor().doc);
    editor().edit((doc) => void (doc.models[name] = { provider: "openai", model: "gpt-4o-mini", apiKeyEnv: "OPENAI_API_KEY" }));
  };
  return (
    <div className="models" data-testid="models-panel">
      <p className="muted small">Prompts refer to these by name. Keys stay out of the pipeline: name an environment variable instead.</p>
      {list.map((name) => (
        <ModelForm key={name} name={name} />
      ))}
      <button type="button" className="btn" onClick={add} data-testid="model-add">
        + Add model
      </button>
      <details className="models__section" data-testid="local-models-section">
        <summary>Local models: servers on this machine, embedded GGUF</summary>
        <LocalModels />
      </details>
      <details className="models__section" data-testid="pricing-section">
        <summary>Prices</summary>
        <PricingEditor />
      </details>
    </div>
  );
}

/** The pipeline's named models: add, edit, remove, test. */
import { useEditor } from "../store/editorStore";
import { LocalModels } from "../providers/LocalModels";
import { PricingEditor } from "../providers/PricingEditor";
import { AddModelMenu } from "./AddModelMenu";
import { ModelForm } from "./ModelForm";

export function ModelsPanel() {
  const names = useEditor((s) => Object.keys(s.doc.models).sort().join("\n"));
  const list = names ? names.split("\n") : [];
  return (
    <div className="models" data-testid="models-panel">
      <p className="muted small">Prompts refer to these by name. Keys stay out of the pipeline: name an environment variable instead.</p>
      {list.map((name) => (
        <ModelForm key={name} name={name} />
      ))}
      <AddModelMenu />
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

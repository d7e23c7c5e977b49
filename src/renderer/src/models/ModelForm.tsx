/** One named model of the pipeline: provider, model, endpoint, key variable, default params, image down-scaling. */
import { useEffect, useState } from "react";
import { ENV_VAR_PATTERN, ID_PATTERN, IMAGE_SIDE_RANGE, PROVIDER_KINDS, type ModelConfig, type ModelParams } from "../../../shared/pipeline/schema";
import { Checkbox, Field, NumberInput, Select, Slider, TextInput } from "../config/fields";
import { setOrDelete } from "../config/nodeEdit";
import { editor, useEditor } from "../store/editorStore";
import { ApiKeyField } from "./ApiKeyField";
import { ConnectionTester } from "./ConnectionTester";
import { modelUsers, removeModel, renameModel } from "./modelOps";
import { providerOf } from "../../../shared/providers";
import { modelPath } from "../experiment/varyPaths";

function edit(name: string, field: string, recipe: (m: ModelConfig) => void) {
  editor().edit((doc) => void (doc.models[name] && recipe(doc.models[name])), { coalesce: `models.${name}.${field}` });
}

function NameField({ name }: { name: string }) {
  const [text, setText] = useState(name);
  useEffect(() => setText(name), [name]);
  const taken = text !== name && text in editor().doc.models;
  const valid = ID_PATTERN.test(text) && !taken;
  const commit = () => (valid && text !== name ? editor().edit((doc) => renameModel(doc, name, text)) : setText(name));
  return (
    <Field label="Name" hint={!valid ? (taken ? "already used" : "letters, digits, _ and -") : "prompts refer to the model by this name"}>
      <input className={`input${valid ? "" : " input--bad"}`} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === "Enter" && commit()} data-testid={`model-name-${name}`} />
    </Field>
  );
}

export function ModelForm({ name }: { name: string }) {
  const config = useEditor((s) => s.doc.models[name]);
  const users = useEditor((s) => modelUsers(s.doc, name).join(", "));
  if (!config) return null;
  const str = (key: "model" | "baseUrl" | "apiKeyEnv") => (v: string) => edit(name, key, (m) => setOrDelete(m, key, key === "model" ? v : v || undefined));
  const setParam = <K extends keyof ModelParams>(key: K, v: ModelParams[K] | undefined) =>
    edit(name, `params.${key}`, (m) => {
      const p = (m.params ??= {});
      setOrDelete(p, key, v);
      if (Object.keys(p).length === 0) delete m.params;
    });
  const setProvider = (provider: ModelConfig["provider"]) =>
    edit(name, "provider", (m) => {
      m.provider = provider;
      const keyEnv = providerOf(provider).keyEnv;
      if (keyEnv) m.apiKeyEnv = keyEnv;
      else delete m.apiKeyEnv;
    });
  const provider = providerOf(config.provider);
  const envBad = config.apiKeyEnv !== undefined && !ENV_VAR_PATTERN.test(config.apiKeyEnv);

  return (
    <section className="model-card" data-testid={`model-card-${name}`}>
      <div className="model-card__head">
        <NameField name={name} />
        <button type="button" className="icon-btn" title={users ? `Remove (used by ${users})` : "Remove"} onClick={() => editor().edit((doc) => removeModel(doc, name))} data-testid={`model-remove-${name}`}>
          ✕
        </button>
      </div>
      {users && <p className="muted small">Used by {users}</p>}
      <div className="row">
        <Field label="Provider" vary={{ path: modelPath(name, "provider"), value: config.provider }}>
          <Select value={config.provider} options={PROVIDER_KINDS} onChange={setProvider} testId={`model-provider-${name}`} />
        </Field>
        <Field label={provider.modelLabel} vary={{ path: modelPath(name, "model"), value: config.model }}>
          <TextInput value={config.model} onChange={str("model")} testId={`model-model-${name}`} />
        </Field>
      </div>
      {provider.defaultBaseUrl !== null && (
        <Field label="Base URL" hint={`empty: ${provider.defaultBaseUrl}`} vary={{ path: modelPath(name, "baseUrl"), value: config.baseUrl ?? provider.defaultBaseUrl }}>
          <TextInput value={config.baseUrl ?? ""} placeholder={provider.defaultBaseUrl} onChange={str("baseUrl")} testId={`model-baseurl-${name}`} />
        </Field>
      )}
      {provider.needsKey && (
        <Field label="API key environment variable" hint={envBad ? "the NAME of a variable, e.g. OPENAI_API_KEY — never the key" : "the key itself is never saved in the pipeline"}>
          <TextInput value={config.apiKeyEnv ?? ""} placeholder={provider.keyEnv ?? "API_KEY"} onChange={str("apiKeyEnv")} testId={`model-keyenv-${name}`} />
        </Field>
      )}
      <ApiKeyField name={name} config={config} />
      <Field label="Default temperature" vary={{ path: modelPath(name, "params.temperature"), value: config.params?.temperature ?? 1 }}>
        <Slider value={config.params?.temperature} fallback={1} min={0} max={2} step={0.1} onChange={(v) => setParam("temperature", v)} />
      </Field>
      <div className="row">
        <Field label="Max tokens" vary={config.params?.maxTokens !== undefined ? { path: modelPath(name, "params.maxTokens"), value: config.params.maxTokens } : undefined}>
          <NumberInput value={config.params?.maxTokens} integer min={1} placeholder="default" onChange={(v) => setParam("maxTokens", v)} />
        </Field>
        <Field label="Concurrency">
          <NumberInput value={config.concurrency} integer min={1} max={256} placeholder="8" onChange={(v) => edit(name, "concurrency", (m) => setOrDelete(m, "concurrency", v))} />
        </Field>
      </div>
      <Field label="Max image side (px)" hint="images whose longer side is larger are scaled down to it before sending; empty: sent as they are">
        <NumberInput
          value={config.maxImageSide}
          integer
          min={IMAGE_SIDE_RANGE.min}
          max={IMAGE_SIDE_RANGE.max}
          placeholder="off"
          onChange={(v) => edit(name, "maxImageSide", (m) => setOrDelete(m, "maxImageSide", v))}
          testId={`model-maximageside-${name}`}
        />
      </Field>
      {provider.batchPriceFactor !== null && (
        <>
          <Checkbox
            checked={config.batch === true}
            label={`Batch API (${Math.round(provider.batchPriceFactor * 100)} % of the price, answers within hours)`}
            hint="the calls of each node go out as one provider batch; a closed app resumes waiting for it on the next run"
            onChange={(on) =>
              edit(name, "batch", (m) => {
                setOrDelete(m, "batch", on || undefined);
                if (!on) delete m.batchFallback;
              })
            }
            testId={`model-batch-${name}`}
          />
          {config.batch && (
            <Field label="A request the batch fails or lets expire">
              <Select
                value={config.batchFallback ?? "batch"}
                options={[
                  { value: "batch", label: "goes into a later batch" },
                  { value: "live", label: "is made as a live call" },
                  { value: "fail", label: "fails its item" },
                ]}
                onChange={(v) => edit(name, "batchFallback", (m) => setOrDelete(m, "batchFallback", v === "batch" ? undefined : v))}
                testId={`model-batchfallback-${name}`}
              />
            </Field>
          )}
        </>
      )}
      <ConnectionTester name={name} config={config} />
    </section>
  );
}

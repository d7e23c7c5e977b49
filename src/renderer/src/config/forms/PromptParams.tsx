/** Sampling parameters of a prompt; unset means the model entry's default (shown as the fallback). */
import type { ModelParams } from "../../../../shared/pipeline/schema";
import { useEditor } from "../../store/editorStore";
import { Field, NumberInput, Slider } from "../fields";
import { setOrDelete, type ConfigUpdater } from "../nodeEdit";

/** The config fields this fieldset edits (prompt, judge, …). */
export interface ParamsHolder {
  model: string;
  params?: ModelParams;
  samples?: number;
}

/** `varyBase`: the node's config path ("nodes.reason.config."), for the fields' "Vary this" buttons. */
export function PromptParams<C extends ParamsHolder>({ config, update, samples = true, varyBase }: { config: C; update: ConfigUpdater<C>; samples?: boolean; varyBase?: string }) {
  const modelDefaults = useEditor((s) => s.doc.models[config.model]?.params);
  const p: ModelParams = config.params ?? {};
  const set = <K extends keyof ModelParams>(key: K, v: ModelParams[K] | undefined) =>
    update(`params.${key}`, (c) => {
      const params = (c.params ??= {});
      setOrDelete(params, key, v);
      if (Object.keys(params).length === 0) delete c.params;
    });
  // An unset field varies from the value it runs with (the model's default), else from nothing.
  const vary = (field: string, value: unknown) => (varyBase === undefined ? undefined : { path: `${varyBase}${field}`, value });
  const fallback = (key: keyof ModelParams) => (modelDefaults?.[key] !== undefined ? String(modelDefaults[key]) : "default");
  return (
    <fieldset className="fieldset">
      <legend>Parameters</legend>
      <Field label="Temperature" hint="0 = deterministic, 2 = very random" vary={vary("params.temperature", p.temperature ?? modelDefaults?.temperature)}>
        <Slider value={p.temperature} fallback={modelDefaults?.temperature ?? 1} min={0} max={2} step={0.1} onChange={(v) => set("temperature", v)} testId="config-prompt-temperature" />
      </Field>
      <Field label="Top-p">
        <Slider value={p.topP} fallback={modelDefaults?.topP ?? 1} min={0} max={1} step={0.05} onChange={(v) => set("topP", v)} />
      </Field>
      <div className="row">
        <Field label="Max tokens" vary={vary("params.maxTokens", p.maxTokens ?? modelDefaults?.maxTokens)}>
          <NumberInput value={p.maxTokens} integer min={1} max={1_000_000} placeholder={fallback("maxTokens")} onChange={(v) => set("maxTokens", v)} testId="config-prompt-maxtokens" />
        </Field>
        <Field label="Seed">
          <NumberInput value={p.seed} integer placeholder={fallback("seed")} onChange={(v) => set("seed", v)} />
        </Field>
        {samples && (
        <Field label="Samples" hint="n replies" vary={vary("samples", config.samples ?? 1)}>
          <NumberInput value={config.samples} integer min={1} max={64} placeholder="1" onChange={(v) => update("samples", (c) => setOrDelete(c, "samples", v === 1 ? undefined : v))} testId="config-prompt-samples" />
        </Field>
        )}
      </div>
    </fieldset>
  );
}

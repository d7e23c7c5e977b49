/**
 * Where the key comes from. Keys never enter the pipeline: the doc names an environment variable; under
 * Electron a key can also be stored encrypted in the app's settings (`models.save`).
 */
import { useState } from "react";
import type { ModelConfig } from "../../../shared/pipeline/schema";
import { providerOf } from "../../../shared/providers";
import { getClient } from "../api/client";
import { toast } from "../store/toastStore";
import { useAppInfo } from "../ui/appInfo";

export function ApiKeyField({ name, config }: { name: string; config: ModelConfig }) {
  const info = useAppInfo();
  const [key, setKey] = useState("");
  if (!providerOf(config.provider).needsKey) return null;
  if (!config.apiKeyEnv && !info?.canStoreSecrets) {
    return (
      <p className="muted small" data-testid={`model-key-hint-${name}`}>
        No key: requests go without one (fine for a local server). To use a key, name its environment variable above.
      </p>
    );
  }
  if (!info?.canStoreSecrets) {
    return (
      <p className="muted small" data-testid={`model-key-hint-${name}`}>
        Set the environment variable <code>{config.apiKeyEnv}</code> to the API key before starting Cascade Studio; keys are never stored in
        a pipeline.
      </p>
    );
  }
  const save = async () => {
    try {
      await getClient().call("models.save", { name, config, apiKey: key });
      setKey("");
      toast(`Stored the key for "${name}" (encrypted, on this machine)`, "ok");
    } catch (e) {
      toast(`Could not store the key: ${(e as Error).message}`, "error");
    }
  };
  return (
    <div className="row">
      <input className="input" type="password" value={key} placeholder="API key (stored encrypted, not in the pipeline)" onChange={(e) => setKey(e.target.value)} autoComplete="off" />
      <button type="button" className="btn btn--small" disabled={!key} onClick={save}>
        Store key
      </button>
    </div>
  );
}

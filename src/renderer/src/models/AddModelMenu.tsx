/**
 * "+ Add model": offers the models of the servers that discovery finds on this machine (no key needed), then a
 * remote OpenAI-compatible model and an empty entry. One click adds a complete model.
 */
import { useEffect, useState } from "react";
import type { FoundServerInfo } from "../../../shared/contract";
import type { ModelConfig } from "../../../shared/pipeline/schema";
import { getClient } from "../api/client";
import { editor } from "../store/editorStore";
import { nextModelName } from "../store/ids";
import { errorText } from "../ui/errorText";
import { PROVIDERS } from "../../../shared/providers";
import { REMOTE_MODEL } from "./modelOps";

/** A model of a server found on this machine: its provider and address, no API key. */
export function modelFromServer(server: Pick<FoundServerInfo, "provider" | "baseUrl">, model: string): ModelConfig {
  return { provider: server.provider, model, baseUrl: server.baseUrl };
}

function add(config: ModelConfig): void {
  const name = nextModelName(editor().doc);
  editor().edit((doc) => void (doc.models[name] = config));
}

export function AddModelMenu() {
  const [open, setOpen] = useState(false);
  const [servers, setServers] = useState<FoundServerInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    setServers(null);
    getClient()
      .call("providers.discover", undefined)
      .then(
        (o) => live && setServers(o.servers),
        (e: unknown) => live && (setError(errorText(e)), setServers([])),
      );
    return () => void (live = false);
  }, [open]);
  const choose = (config: ModelConfig) => {
    add(config);
    setOpen(false);
  };
  if (!open) {
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="model-add">
        + Add model
      </button>
    );
  }
  const found = servers?.filter((s) => s.models.length > 0) ?? [];
  return (
    <div className="add-model" data-testid="model-add-menu">
      <div className="add-model__head">
        <strong>Add a model</strong>
        <button type="button" className="btn btn--quiet btn--small" onClick={() => setOpen(false)} data-testid="model-add-cancel">
          Cancel
        </button>
      </div>
      {servers === null && <p className="muted small">Looking for model servers on this machine…</p>}
      {servers !== null && found.length === 0 && (
        <p className="muted small" data-testid="model-add-none">
          No model server answers on this machine (looked for Ollama, llama.cpp server, vLLM, LM Studio). Start one, or add a remote model.
        </p>
      )}
      {error && <p className="error small">{error}</p>}
      {found.map((s) => (
        <div key={s.baseUrl} className="add-model__server">
          <div className="small">
            <strong>{s.name}</strong> <code>{s.baseUrl}</code> <span className="muted">· no key needed</span>
          </div>
          <div className="add-model__models">
            {s.models.map((m) => (
              <button key={m} type="button" className="btn btn--small" onClick={() => choose(modelFromServer(s, m))} data-testid={`model-add-found-${m}`}>
                {m}
              </button>
            ))}
          </div>
        </div>
      ))}
      <div className="add-model__other">
        <button type="button" className="btn btn--small" onClick={() => choose({ ...REMOTE_MODEL })} data-testid="model-add-remote">
          Remote OpenAI model (key in {PROVIDERS.openai.keyEnv})
        </button>
      </div>
    </div>
  );
}

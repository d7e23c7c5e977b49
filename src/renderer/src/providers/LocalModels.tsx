/**
 * "Local models": what works here without configuration. Lists the model servers found on this machine
 * (providers.discover) and offers the embedded llama.cpp engine: a GGUF path on disk (a path field, which also
 * works in browser mode), a GGUF already in the models folder, or fetching a small default instruct model with
 * a progress bar (providers.fetchModel, polled with providers.fetchStatus). A failed fetch (no internet) shows
 * its message and leaves the other options in place.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { LocalModelOptions, ModelFetchState } from "../../../shared/contract";
import type { ModelConfig } from "../../../shared/pipeline/schema";
import { getClient } from "../api/client";
import { editor } from "../store/editorStore";
import { nextModelName } from "../store/ids";
import "./providers.css";

const POLL_MS = 500;

function addModel(config: ModelConfig): string {
  const name = nextModelName(editor().doc);
  editor().edit((doc) => void (doc.models[name] = config));
  return name;
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(bytes < 10 * 1_048_576 ? 1 : 0)} MB`;
}

export function FetchProgress({ state }: { state: ModelFetchState }) {
  const pct = state.totalBytes > 0 ? Math.min(100, (state.downloadedBytes / state.totalBytes) * 100) : 0;
  return (
    <div className="local-models__progress" data-testid="model-fetch-progress">
      <progress max={100} value={state.totalBytes > 0 ? pct : undefined} />
      <span className="small muted">{state.totalBytes > 0 ? `${mb(state.downloadedBytes)} of ${mb(state.totalBytes)}` : "connecting…"}</span>
    </div>
  );
}

export function LocalModels() {
  const [options, setOptions] = useState<LocalModelOptions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [path, setPath] = useState("");
  const [fetchState, setFetchState] = useState<ModelFetchState | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const discover = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      setOptions(await getClient().call("providers.discover", undefined));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }, []);

  const poll = useCallback(async () => {
    try {
      const s = await getClient().call("providers.fetchStatus", undefined);
      setFetchState(s);
      if (s.state === "running") timer.current = setTimeout(poll, POLL_MS);
      else if (s.state === "done") void discover();
    } catch (e) {
      setError((e as Error).message);
    }
  }, [discover]);

  useEffect(() => {
    void discover();
    void poll(); // a fetch started earlier keeps running on the Node side
    return () => clearTimeout(timer.current);
  }, [discover, poll]);

  const startFetch = async () => {
    setError(null);
    try {
      setFetchState(await getClient().call("providers.fetchModel", {}));
      timer.current = setTimeout(poll, POLL_MS);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const cancelFetch = async () => setFetchState(await getClient().call("providers.cancelFetch", undefined));
  const use = (config: ModelConfig) => setAdded(addModel(config));

  return (
    <div className="local-models" data-testid="local-models">
      <div className="local-models__head">
        <strong>Servers on this machine</strong>
        <button type="button" className="btn btn--small" onClick={discover} disabled={busy} data-testid="local-models-refresh">
          {busy ? "Looking…" : "Look again"}
        </button>
      </div>
      {options && options.servers.length === 0 && (
        <p className="small muted" data-testid="local-models-none">
          None answered (Ollama :11434, llama.cpp server :8080, vLLM :8000, LM Studio :1234). Start one, or use the embedded engine below.
        </p>
      )}
      {options?.servers.map((s) => (
        <div key={s.baseUrl} className="local-models__server" data-testid="local-server">
          <span>
            {s.name} <span className="muted small">{s.baseUrl}</span>
          </span>
          {s.models.length === 0 && <span className="small muted">no models loaded</span>}
          {s.models.slice(0, 8).map((m) => (
            <button key={m} type="button" className="btn btn--small" onClick={() => use({ provider: s.provider, model: m, baseUrl: s.baseUrl })}>
              Use {m}
            </button>
          ))}
        </div>
      ))}

      <strong>Embedded llama.cpp (no server, text only)</strong>
      <form
        className="local-models__row"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) use({ provider: "llama-cpp", model: path.trim() });
        }}
      >
        <input className="input" placeholder="/path/to/model.gguf" value={path} onChange={(e) => setPath(e.target.value)} data-testid="gguf-path" />
        <button type="submit" className="btn btn--small" disabled={!path.trim().toLowerCase().endsWith(".gguf")} data-testid="gguf-use">
          Use this GGUF
        </button>
      </form>
      {options?.embedded.ggufFiles.map((f) => (
        <div key={f.path} className="local-models__row small">
          <span className="local-models__path">{f.path}</span>
          <span className="muted">{mb(f.sizeBytes)}</span>
          <button type="button" className="btn btn--small" onClick={() => use({ provider: "llama-cpp", model: f.path })}>
            Use
          </button>
        </div>
      ))}
      <div className="local-models__row">
        {fetchState?.state === "running" ? (
          <>
            <FetchProgress state={fetchState} />
            <button type="button" className="btn btn--small" onClick={cancelFetch}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="btn btn--small" onClick={startFetch} data-testid="model-fetch">
            Download {options?.embedded.defaultModelLabel ?? "a small default model"}
          </button>
        )}
      </div>
      {fetchState?.state === "failed" && (
        <p className="local-models__error small" role="alert" data-testid="model-fetch-error">
          {fetchState.error}
        </p>
      )}
      {fetchState?.state === "done" && fetchState.path && (
        <p className="small">
          Downloaded to <span className="local-models__path">{fetchState.path}</span>{" "}
          <button type="button" className="btn btn--small" onClick={() => use({ provider: "llama-cpp", model: fetchState.path! })}>
            Use it
          </button>
        </p>
      )}
      {added && <p className="small ok" data-testid="local-models-added">Added model “{added}”.</p>}
      {error && (
        <p className="local-models__error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

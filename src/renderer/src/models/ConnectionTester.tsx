/** "Test connection" for a model entry: ok, latency and the server's message. */
import { useState } from "react";
import type { ConnectionTest } from "../../../shared/contract";
import type { ModelConfig } from "../../../shared/pipeline/schema";
import { getClient } from "../api/client";

export function ConnectionTester({ name, config }: { name: string; config: ModelConfig }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTest | { ok: false; message: string; latencyMs?: undefined } | null>(null);
  const test = async () => {
    setBusy(true);
    setResult(null);
    try {
      setResult(await getClient().call("models.test", { config, name }));
    } catch (e) {
      setResult({ ok: false, message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="tester">
      <button type="button" className="btn btn--small" onClick={test} disabled={busy} data-testid={`model-test-${name}`}>
        {busy ? "Testing…" : "Test connection"}
      </button>
      {result && (
        <span className={`tester__result ${result.ok ? "ok" : "bad"}`} data-testid={`model-test-result-${name}`}>
          {result.ok ? "✓ ok" : "✕ failed"}
          {result.latencyMs !== undefined && ` · ${Math.round(result.latencyMs)} ms`}
          {result.message && ` · ${result.message}`}
        </span>
      )}
    </div>
  );
}

/**
 * Prices per million tokens used for models whose config sets none: the dated table of known prices (read
 * only) and the user's overrides (pricing.get / pricing.set). Local servers cost nothing unless priced here.
 */
import { useEffect, useState } from "react";
import type { PricingInfo } from "../../../shared/contract";
import type { Price } from "../../../shared/pricing";
import { getClient } from "../api/client";
import "./providers.css";

interface Row {
  model: string;
  input: string;
  output: string;
}

const toRows = (overrides: Record<string, Price>): Row[] =>
  Object.entries(overrides).map(([model, p]) => ({ model, input: String(p.inputPerMillion), output: String(p.outputPerMillion) }));

/** The overrides from the editable rows, or the first problem. */
export function rowsToOverrides(rows: Row[]): { overrides: Record<string, Price> } | { error: string } {
  const overrides: Record<string, Price> = {};
  for (const [i, r] of rows.entries()) {
    const model = r.model.trim();
    if (!model && !r.input.trim() && !r.output.trim()) continue;
    if (!model) return { error: `row ${i + 1}: name the model (or a prefix such as gpt-4o)` };
    const input = Number(r.input);
    const output = Number(r.output);
    if (r.input.trim() === "" || !Number.isFinite(input) || input < 0) return { error: `${model}: input price must be a number ≥ 0` };
    if (r.output.trim() === "" || !Number.isFinite(output) || output < 0) return { error: `${model}: output price must be a number ≥ 0` };
    overrides[model] = { inputPerMillion: input, outputPerMillion: output };
  }
  return { overrides };
}

export function PricingEditor() {
  const [info, setInfo] = useState<PricingInfo | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    getClient()
      .call("pricing.get", undefined)
      .then((i) => {
        setInfo(i);
        setRows(toRows(i.overrides));
      })
      .catch((e: Error) => setMessage({ ok: false, text: e.message }));
  }, []);

  const update = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    const parsed = rowsToOverrides(rows);
    if ("error" in parsed) return setMessage({ ok: false, text: parsed.error });
    try {
      const next = await getClient().call("pricing.set", parsed);
      setInfo(next);
      setRows(toRows(next.overrides));
      setMessage({ ok: true, text: "Saved; new runs use these prices." });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };

  return (
    <div className="pricing" data-testid="pricing-editor">
      {info && <p className="small muted">{info.note}</p>}
      <table className="pricing__table">
        <thead>
          <tr>
            <th>Model or prefix</th>
            <th>$ / M input</th>
            <th>$ / M output</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="pricing-row">
              <td>
                <input className="input" value={r.model} onChange={(e) => update(i, { model: e.target.value })} placeholder="gpt-4o" />
              </td>
              <td>
                <input className="input" inputMode="decimal" value={r.input} onChange={(e) => update(i, { input: e.target.value })} />
              </td>
              <td>
                <input className="input" inputMode="decimal" value={r.output} onChange={(e) => update(i, { output: e.target.value })} />
              </td>
              <td>
                <button type="button" className="btn btn--small" aria-label={`remove ${r.model}`} onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="local-models__row">
        <button type="button" className="btn btn--small" onClick={() => setRows((rs) => [...rs, { model: "", input: "", output: "" }])} data-testid="pricing-add">
          + Override a price
        </button>
        <button type="button" className="btn btn--small" onClick={save} data-testid="pricing-save">
          Save prices
        </button>
      </div>
      {message && (
        <p className={`small ${message.ok ? "ok" : "local-models__error"}`} role={message.ok ? undefined : "alert"} data-testid="pricing-message">
          {message.text}
        </p>
      )}
      {info && (
        <details className="small">
          <summary>Known prices ({info.date})</summary>
          <table className="pricing__table">
            <tbody>
              {info.table.map((e) => (
                <tr key={e.model}>
                  <td>{e.model}</td>
                  <td>{e.inputPerMillion}</td>
                  <td>{e.outputPerMillion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}

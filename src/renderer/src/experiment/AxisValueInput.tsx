/**
 * One value of an axis: text in a text area when the axis holds text (a template, a model name: a text
 * alternative), a number for a number axis, else JSON. Typing edits the document (one undo step per field).
 */
import { useEffect, useState } from "react";
import { editor } from "../store/editorStore";
import { setValue } from "./experimentOps";

function parse(kind: "text" | "number" | "json", raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (kind === "text") return { ok: true, value: raw };
  if (kind === "number") {
    const n = Number(raw);
    return raw.trim() !== "" && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: "a number" };
  }
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false, error: "JSON, e.g. true or {\"a\": 1}" };
  }
}

export function axisKind(first: unknown): "text" | "number" | "json" {
  return typeof first === "string" ? "text" : typeof first === "number" ? "number" : "json";
}

export function AxisValueInput({ axis, index, value, kind, testId }: { axis: number; index: number; value: unknown; kind: "text" | "number" | "json"; testId: string }) {
  const shown = kind === "text" ? String(value ?? "") : JSON.stringify(value);
  const [raw, setRaw] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setRaw(shown), [shown]);
  const change = (text: string) => {
    setRaw(text);
    const parsed = parse(kind, text);
    setError(parsed.ok ? null : parsed.error);
    if (parsed.ok) editor().edit((doc) => setValue(doc, axis, index, parsed.value), { coalesce: `experiment.axes[${axis}].values[${index}]` });
  };
  const long = kind === "text" && (shown.length > 40 || shown.includes("\n"));
  return (
    <span className="axis-value__input">
      {long ? (
        <textarea className="input textarea" rows={4} value={raw} onChange={(e) => change(e.target.value)} aria-label={`Value ${index + 1}`} data-testid={testId} spellCheck={false} />
      ) : (
        <input className={`input${error ? " input--bad" : ""}`} value={raw} onChange={(e) => change(e.target.value)} aria-label={`Value ${index + 1}`} data-testid={testId} spellCheck={false} />
      )}
      {error && <span className="field__hint">needs {error}</span>}
    </span>
  );
}

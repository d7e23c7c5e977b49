/** Small form controls for the config panel; each reports values, the caller turns them into edits. */
import { useEffect, useId, useState, type ReactNode } from "react";
import { VaryButton } from "../experiment/VaryButton";

/**
 * `vary`: the field's --set path and value, for its "Vary this" button (an experiment axis). The button sits
 * beside the <label>, not in it: a button inside would become the label's control, and a click anywhere on the
 * field (a template editor is not a labelable element) would press it.
 */
export function Field({ label, hint, children, testId, vary }: { label: string; hint?: ReactNode; children: ReactNode; testId?: string; vary?: { path: string; value: unknown } }) {
  if (vary)
    return (
      <div className="field field--vary">
        <VaryButton path={vary.path} value={vary.value} />
        <FieldLabel label={label} hint={hint} testId={testId}>
          {children}
        </FieldLabel>
      </div>
    );
  return (
    <FieldLabel label={label} hint={hint} testId={testId}>
      {children}
    </FieldLabel>
  );
}

function FieldLabel({ label, hint, children, testId }: { label: string; hint?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <label className="field" data-testid={testId}>
      <span className="field__label">{label}</span>
      {children}
      {hint && <span className="field__hint">{hint}</span>}
    </label>
  );
}

export function TextInput(props: { value: string; onChange: (v: string) => void; placeholder?: string; testId?: string; list?: string }) {
  return (
    <input
      className="input"
      type="text"
      value={props.value}
      placeholder={props.placeholder}
      list={props.list}
      onChange={(e) => props.onChange(e.target.value)}
      data-testid={props.testId}
      spellCheck={false}
    />
  );
}

export function TextArea(props: { value: string; onChange: (v: string) => void; rows?: number; placeholder?: string; testId?: string }) {
  return (
    <textarea
      className="input textarea"
      rows={props.rows ?? 4}
      value={props.value}
      placeholder={props.placeholder}
      onChange={(e) => props.onChange(e.target.value)}
      data-testid={props.testId}
    />
  );
}

export function Select<T extends string>(props: { value: T | ""; options: readonly (T | { value: T; label: string })[]; onChange: (v: T) => void; testId?: string; empty?: string }) {
  return (
    <select className="input" value={props.value} onChange={(e) => props.onChange(e.target.value as T)} data-testid={props.testId}>
      {props.empty !== undefined && <option value="">{props.empty}</option>}
      {props.options.map((o) => {
        const v = typeof o === "string" ? o : o.value;
        const l = typeof o === "string" ? o : o.label;
        return (
          <option key={v} value={v}>
            {l}
          </option>
        );
      })}
    </select>
  );
}

export function Checkbox(props: { checked: boolean; onChange: (v: boolean) => void; label: string; testId?: string; hint?: string }) {
  return (
    <label className="checkbox" title={props.hint}>
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} data-testid={props.testId} />
      <span>{props.label}</span>
    </label>
  );
}

/**
 * A number field that keeps what is being typed ("0.", "-") and reports a number only when it parses and
 * lies within bounds; empty reports undefined (use the default).
 */
export function NumberInput(props: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  placeholder?: string;
  testId?: string;
}) {
  const [text, setText] = useState(props.value === undefined ? "" : String(props.value));
  const [bad, setBad] = useState<string | null>(null);
  useEffect(() => {
    setText((t) => (Number(t) === props.value && t !== "" ? t : props.value === undefined ? "" : String(props.value)));
  }, [props.value]);
  const commit = (t: string) => {
    setText(t);
    if (t.trim() === "") {
      setBad(null);
      props.onChange(undefined);
      return;
    }
    const n = Number(t);
    if (!Number.isFinite(n)) return setBad("not a number");
    if (props.integer && !Number.isInteger(n)) return setBad("a whole number");
    if (props.min !== undefined && n < props.min) return setBad(`at least ${props.min}`);
    if (props.max !== undefined && n > props.max) return setBad(`at most ${props.max}`);
    setBad(null);
    props.onChange(n);
  };
  return (
    <span className="number">
      <input
        className={`input${bad ? " input--bad" : ""}`}
        type="number"
        inputMode="decimal"
        value={text}
        min={props.min}
        max={props.max}
        step={props.step ?? (props.integer ? 1 : "any")}
        placeholder={props.placeholder}
        onChange={(e) => commit(e.target.value)}
        data-testid={props.testId}
        title={bad ?? undefined}
      />
      {bad && <span className="field__error">{bad}</span>}
    </span>
  );
}

/** A slider with its number next to it (temperature, top-p). */
export function Slider(props: { value: number | undefined; onChange: (v: number | undefined) => void; min: number; max: number; step: number; fallback: number; testId?: string }) {
  const id = useId();
  const v = props.value ?? props.fallback;
  return (
    <span className="slider">
      <input id={id} type="range" min={props.min} max={props.max} step={props.step} value={v} onChange={(e) => props.onChange(Number(e.target.value))} data-testid={props.testId} />
      <output htmlFor={id} className={props.value === undefined ? "slider__default" : ""}>
        {props.value === undefined ? `${v} (default)` : v}
      </output>
      {props.value !== undefined && (
        <button type="button" className="link" onClick={() => props.onChange(undefined)} title="Use the model's default">
          reset
        </button>
      )}
    </span>
  );
}

/** JSON text that is reported only when it parses (and passes `check`); otherwise the error shows. */
export function JsonArea<T>(props: { value: T; onChange: (v: T) => void; check?: (v: unknown) => string | null; rows?: number; testId?: string }) {
  const [text, setText] = useState(() => JSON.stringify(props.value, null, 2));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText((t) => {
      try {
        if (JSON.stringify(JSON.parse(t)) === JSON.stringify(props.value)) return t;
      } catch {
        /* replace */
      }
      return JSON.stringify(props.value, null, 2);
    });
  }, [props.value]);
  const change = (t: string) => {
    setText(t);
    try {
      const v = JSON.parse(t) as unknown;
      const why = props.check?.(v) ?? null;
      setError(why);
      if (!why) props.onChange(v as T);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <>
      <textarea className={`input textarea mono${error ? " input--bad" : ""}`} rows={props.rows ?? 6} value={text} onChange={(e) => change(e.target.value)} spellCheck={false} data-testid={props.testId} />
      {error && <span className="field__error">{error}</span>}
    </>
  );
}

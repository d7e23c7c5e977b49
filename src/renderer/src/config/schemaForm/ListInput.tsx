/** A comma-separated list field that keeps what is typed ("a, ") and reports the parsed list. */
import { useEffect, useState } from "react";
import { parseList } from "./introspect";

export function ListInput({ value, onChange, numbers, placeholder, testId }: { value: (string | number)[]; onChange: (v: (string | number)[]) => void; numbers?: boolean; placeholder?: string; testId?: string }) {
  const [text, setText] = useState(value.join(", "));
  const [bad, setBad] = useState<string | null>(null);
  useEffect(() => {
    setText((t) => (parseList(t).join(",") === value.map(String).join(",") ? t : value.join(", ")));
  }, [value]);
  const change = (t: string) => {
    setText(t);
    const items = parseList(t);
    if (!numbers) return onChange(items);
    const nums = items.map(Number);
    const wrong = items.find((_, i) => !Number.isFinite(nums[i]));
    setBad(wrong === undefined ? null : `"${wrong}" is not a number`);
    if (wrong === undefined) onChange(nums);
  };
  return (
    <>
      <input className={`input${bad ? " input--bad" : ""}`} value={text} placeholder={placeholder ?? "a, b, c"} onChange={(e) => change(e.target.value)} spellCheck={false} data-testid={testId} />
      {bad && <span className="field__error">{bad}</span>}
    </>
  );
}

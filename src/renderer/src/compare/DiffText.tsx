/** A run's text against the baseline's: removed words struck through in red, added words in green. */
import { useMemo } from "react";
import { wordDiff } from "./wordDiff";

export function DiffText({ base, text }: { base: string; text: string }) {
  const parts = useMemo(() => wordDiff(base, text), [base, text]);
  return (
    <pre className="difftext" tabIndex={0} data-testid="diff-text">
      {parts.map((p, i) =>
        p.kind === "same" ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === "added" ? (
          <ins key={i} className="diff-add" data-testid="diff-add">{p.text}</ins>
        ) : (
          <del key={i} className="diff-del" data-testid="diff-del">{p.text}</del>
        ),
      )}
    </pre>
  );
}

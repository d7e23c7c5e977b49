/** The edit form of the shown item: one box per editable field (a chat: one per assistant turn; samples: one per sample). Ctrl+Enter saves, Escape cancels. */
import { useMemo, useState, type KeyboardEvent } from "react";
import type { ReviewQueueItem } from "../../../shared/contract";
import { changedEdits, draftOf, type Draft } from "./editDraft";

interface Props {
  item: ReviewQueueItem;
  editable: string[];
  onSave: (edits: Record<string, import("../../../shared/values").Value>) => void;
  onCancel: () => void;
}

export function ReviewEditor({ item, editable, onSave, onCancel }: Props) {
  const start = useMemo(() => {
    const base = item.decision?.edits ? { ...item.inputs, ...item.decision.edits } : item.inputs;
    return Object.fromEntries(editable.map((name) => [name, draftOf(base[name] ?? "")])) as Record<string, Draft>;
  }, [item, editable]);
  const [drafts, setDrafts] = useState(start);
  const [error, setError] = useState<string | null>(null);

  const save = () => {
    const r = changedEdits(item.inputs, drafts);
    if ("error" in r) return setError(r.error);
    if (Object.keys(r.edits).length === 0) return setError("nothing changed: edit a field, or press Escape and accept");
    onSave(r.edits);
  };
  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      save();
    } else if (e.key === "Escape") {
      e.preventDefault();
      onCancel();
    }
  };
  const set = (name: string, d: Draft) => setDrafts((all) => ({ ...all, [name]: d }));
  let first = true;
  const autoFocus = () => {
    const f = first;
    first = false;
    return f;
  };

  return (
    <div className="review__editor" onKeyDown={onKey} data-testid="review-editor">
      {editable.map((name) => {
        const d = drafts[name];
        return (
          <label key={name} className="review__field">
            <span className="review__name">{name}</span>
            {d.kind === "chat" ? (
              Object.entries(d.texts).map(([i, text]) => (
                <textarea
                  key={i}
                  className="input review__area"
                  value={text}
                  autoFocus={autoFocus()}
                  aria-label={`${name}, assistant turn ${Number(i) + 1}`}
                  data-testid={`review-edit-${name}-${i}`}
                  onChange={(e) => set(name, { ...d, texts: { ...d.texts, [i]: e.target.value } })}
                />
              ))
            ) : d.kind === "samples" ? (
              d.texts.map((text, i) => (
                <textarea
                  key={i}
                  className="input review__area"
                  value={text}
                  autoFocus={autoFocus()}
                  aria-label={`${name}, sample ${i + 1} of ${d.texts.length}`}
                  placeholder={`sample ${i + 1} of ${d.texts.length}`}
                  data-testid={`review-edit-${name}-${i}`}
                  onChange={(e) => set(name, { ...d, texts: d.texts.map((t, k) => (k === i ? e.target.value : t)) })}
                />
              ))
            ) : (
              <textarea
                className={`input review__area${d.kind === "json" ? " review__area--json" : ""}`}
                value={d.text}
                autoFocus={autoFocus()}
                data-testid={`review-edit-${name}`}
                onChange={(e) => set(name, { ...d, text: e.target.value })}
              />
            )}
          </label>
        );
      })}
      {error && <div className="review__error" data-testid="review-edit-error">{error}</div>}
      <div className="review__editbar">
        <button type="button" className="btn btn--primary" onClick={save} data-testid="review-edit-save">
          Save edit <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}

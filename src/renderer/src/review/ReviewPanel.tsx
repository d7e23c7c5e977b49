/**
 * The review panel over the canvas: a review node's items one at a time, decided by keyboard — A accept,
 * R reject (with the note typed below), E edit (Ctrl+Enter saves), J/K or →/← next/previous, Esc closes —
 * with a counter; and the Report tab (in/out/why per filter, review and judge node of the run).
 */
import { useEffect, useRef, useState } from "react";
import { useEditor } from "../store/editorStore";
import { ReportView } from "./ReportView";
import { ReviewEditEffects, ReviewTruth } from "./ReviewContext";
import { ReviewEditor } from "./ReviewEditor";
import { ReviewItemView } from "./ReviewItemView";
import { entryKey, shownItem, useReview } from "./reviewStore";
import "./review.css";

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);

export function ReviewPanel() {
  const open = useReview((s) => s.open);
  const queue = useReview((s) => s.queue);
  const index = useReview((s) => s.index);
  const loading = useReview((s) => s.loading);
  const error = useReview((s) => s.error);
  const reports = useReview((s) => (s.open ? s.reports[s.open.runId] : undefined));
  const label = useEditor((s) => (open ? (s.doc.nodes.find((n) => n.id === open.nodeId)?.label ?? open.nodeId) : ""));
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState("");
  const noteBox = useRef<HTMLInputElement>(null);
  const item = useReview(shownItem);
  const shownKey = item ? entryKey(item) : undefined;

  useEffect(() => {
    setEditing(false);
    setNote(item?.decision?.note ?? "");
  }, [shownKey, item?.decision?.note]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      const st = useReview.getState();
      if (e.key === "Escape" && !editing) {
        if (typing(e.target)) (e.target as HTMLElement).blur();
        else st.close();
        e.stopImmediatePropagation();
        return;
      }
      if (editing || typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || st.open?.tab !== "queue") return;
      const k = e.key.toLowerCase();
      const act: Record<string, () => void> = {
        a: () => void st.decide({ decision: "accept" }),
        r: () => void st.decide({ decision: "reject", ...(note.trim() ? { note: note.trim() } : {}) }),
        e: () => setEditing(true),
        n: () => noteBox.current?.focus(),
        j: () => st.go(1),
        arrowright: () => st.go(1),
        arrowdown: () => st.go(1),
        k: () => st.go(-1),
        arrowleft: () => st.go(-1),
        arrowup: () => st.go(-1),
      };
      const f = act[k];
      if (!f || !st.queue?.order.length) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      f();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [open, editing, note]);

  if (!open) return null;
  const st = useReview.getState();
  const tab = queue ? open.tab : "report";
  return (
    <div className="review-backdrop" onMouseDown={(e) => e.target === e.currentTarget && st.close()}>
      <div className="review" role="dialog" aria-modal="true" aria-label={`Review ${label}`} data-testid="review-panel" data-node-id={open.nodeId} data-run-id={open.runId}>
        <div className="review__head">
          <h2>{label}</h2>
          <div className="tabs" role="tablist">
            {queue && (
              <button type="button" role="tab" aria-selected={tab === "queue"} className={tab === "queue" ? "tab tab--on" : "tab"} onClick={() => st.setTab("queue")} data-testid="review-tab-queue">
                Queue
              </button>
            )}
            <button type="button" role="tab" aria-selected={tab === "report"} className={tab === "report" ? "tab tab--on" : "tab"} onClick={() => st.setTab("report")} data-testid="review-tab-report">
              Report
            </button>
          </div>
          <span className="review__spacer" />
          {queue && tab === "queue" && (
            <span className="review__counter" data-testid="review-counter">
              {queue.order.length ? index + 1 : 0} / {queue.order.length} · <b data-testid="review-waiting">{queue.waiting}</b> waiting
            </span>
          )}
          <span className="review__run muted">run {open.runId}</span>
          <button type="button" className="icon-btn" onClick={() => st.close()} aria-label="Close" data-testid="review-close">
            ✕
          </button>
        </div>
        {queue && tab === "queue" && queue.instructions && <p className="review__instructions" data-testid="review-instructions">{queue.instructions}</p>}
        {queue && tab === "queue" && <ReviewEditEffects queue={queue} />}
        <div className="review__body" tabIndex={0}>
          {tab === "report" ? (
            <ReportView reports={reports} focus={open.nodeId} />
          ) : loading ? (
            <p className="muted">Loading the queue…</p>
          ) : !queue || queue.order.length === 0 ? (
            <p className="muted" data-testid="review-empty">No item reached this review node in this run.</p>
          ) : !item ? (
            <p className="muted">Loading item {index + 1}…</p>
          ) : editing ? (
            <>
              <ReviewTruth queue={queue} item={item} />
              <ReviewEditor
                item={item}
                editable={queue.editable}
                onCancel={() => setEditing(false)}
                onSave={(edits) => {
                  setEditing(false);
                  void st.decide({ decision: "edit", edits, ...(note.trim() ? { note: note.trim() } : {}) });
                }}
              />
            </>
          ) : (
            <>
              <ReviewTruth queue={queue} item={item} />
              <ReviewItemView queue={queue} item={item} />
            </>
          )}
        </div>
        {error && <div className="review__error" data-testid="review-error">{error}</div>}
        {queue && tab === "queue" && item && !editing && (
          <footer className="review__bar">
            <button type="button" className="btn" onClick={() => st.go(-1)} disabled={index === 0} title="Previous (K or ←)" data-testid="review-prev">
              ← <kbd>K</kbd>
            </button>
            <button type="button" className="btn review__accept" onClick={() => void st.decide({ decision: "accept" })} data-testid="review-accept">
              Accept <kbd>A</kbd>
            </button>
            <button type="button" className="btn review__reject" onClick={() => void st.decide({ decision: "reject", ...(note.trim() ? { note: note.trim() } : {}) })} data-testid="review-reject">
              Reject <kbd>R</kbd>
            </button>
            <button type="button" className="btn" onClick={() => setEditing(true)} disabled={queue.editable.length === 0} title={queue.editable.length ? `Edit ${queue.editable.join(", ")}` : "No editable fields"} data-testid="review-edit">
              Edit <kbd>E</kbd>
            </button>
            <input
              ref={noteBox}
              className="input review__notebox"
              placeholder="note (kept with the decision; N to type)"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              data-testid="review-note-input"
            />
            <button type="button" className="btn" onClick={() => st.go(1)} disabled={index >= queue.order.length - 1} title="Next (J or →)" data-testid="review-next">
              <kbd>J</kbd> →
            </button>
          </footer>
        )}
        {queue && tab === "queue" && queue.waiting === 0 && queue.order.length > 0 && (
          <p className="review__done" data-testid="review-all-decided">
            Every item is decided. Run the pipeline again to apply the decisions (completed calls come from the cache).
          </p>
        )}
      </div>
    </div>
  );
}

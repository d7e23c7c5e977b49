/** A modal dialog: backdrop, title, body, Escape or the backdrop closes it. */
import { useEffect, type ReactNode } from "react";

export function Dialog({ title, onClose, children, testId, wide }: { title: string; onClose: () => void; children: ReactNode; testId?: string; wide?: boolean }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`dialog${wide ? " dialog--wide" : ""}`} role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <div className="dialog__head">
          <h2>{title}</h2>
          <button type="button" className="icon-btn" onClick={onClose} aria-label="Close" data-testid="dialog-close">
            ✕
          </button>
        </div>
        {/* Focusable so that a long body scrolls by keyboard (axe: scrollable-region-focusable). */}
        <div className="dialog__body" tabIndex={0}>
          {children}
        </div>
      </div>
    </div>
  );
}

import type { HTMLAttributes, InputHTMLAttributes, KeyboardEvent, ReactNode } from "react";

/**
 * The frame of a searchable list dialog (the command palette, the port menu): a backdrop that closes on a click
 * outside, the dialog, and its search input, which starts a new query at the first entry. The list is the child.
 */
export function PaletteFrame({
  onClose,
  onKeyDown,
  dialog,
  query,
  onQuery,
  input,
  children,
}: {
  onClose: () => void;
  onKeyDown: (e: KeyboardEvent) => void;
  /** The dialog's label, test id and data attributes. */
  dialog: HTMLAttributes<HTMLDivElement> & Record<`data-${string}`, string | undefined>;
  query: string;
  onQuery: (query: string) => void;
  /** The input's placeholder, label, role and test id. */
  input: InputHTMLAttributes<HTMLInputElement> & Record<`data-${string}`, string | undefined>;
  children: ReactNode;
}) {
  return (
    <div className="cmdk-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="cmdk" role="dialog" aria-modal="true" onKeyDown={onKeyDown} {...dialog}>
        <input className="cmdk__input" autoFocus value={query} onChange={(e) => onQuery(e.target.value)} spellCheck={false} {...input} />
        {children}
      </div>
    </div>
  );
}

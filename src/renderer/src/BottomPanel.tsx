import { ProblemsPanel } from "./problems/ProblemsPanel";
import { useEditor } from "./store/editorStore";
import { useUi } from "./store/uiStore";
import { validationOf } from "./store/validation";

export function BottomPanel() {
  const open = useUi((s) => s.bottomOpen);
  const setOpen = useUi((s) => s.setBottomOpen);
  const count = useEditor((s) => validationOf(s.doc).problems.length);
  return (
    <section className={`bottom${open ? "" : " bottom--closed"}`} aria-label="Problems">
      <header className="bottom__head">
        <button type="button" className="tab tab--on" onClick={() => setOpen(!open)} data-testid="problems-toggle">
          {open ? "▾" : "▸"} Problems {count ? <span className="count">{count}</span> : null}
        </button>
      </header>
      {open && (
        <div className="bottom__body">
          <ProblemsPanel />
        </div>
      )}
    </section>
  );
}

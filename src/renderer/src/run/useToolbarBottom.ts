/** The y where the toolbar ends (it may wrap onto two lines), so sheets and drawers open just below it. */
import { useEffect, useState } from "react";

export function useToolbarBottom(): number {
  const measure = () => Math.round(document.querySelector('[data-testid="toolbar"]')?.getBoundingClientRect().bottom ?? 48);
  const [y, setY] = useState(measure);
  useEffect(() => {
    const el = document.querySelector('[data-testid="toolbar"]');
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => setY(measure()));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return y;
}

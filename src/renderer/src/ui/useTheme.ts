/** Applies the theme choice (system/light/dark) to <html data-theme> and reports the resolved theme. */
import { useEffect, useState } from "react";
import { useUi } from "../store/uiStore";

function systemDark(): boolean {
  return typeof matchMedia !== "undefined" && matchMedia("(prefers-color-scheme: dark)").matches;
}

export function useResolvedTheme(): "light" | "dark" {
  const choice = useUi((s) => s.theme);
  const [dark, setDark] = useState(systemDark);
  useEffect(() => {
    if (typeof matchMedia === "undefined") return;
    const mq = matchMedia("(prefers-color-scheme: dark)");
    const on = () => setDark(mq.matches);
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, []);
  const resolved = choice === "system" ? (dark ? "dark" : "light") : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);
  return resolved;
}

import { useCallback } from "react";
import { useUi } from "../store/uiStore";
import { ImportProblemsDialog } from "./ImportProblemsDialog";
import { OpenDialog } from "./OpenDialog";
import { TemplatesDialog } from "./TemplatesDialog";

export function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  const close = useCallback(() => useUi.getState().openDialog(null), []);
  if (!dialog) return null;
  if (dialog.type === "open") return <OpenDialog onClose={close} />;
  if (dialog.type === "templates") return <TemplatesDialog onClose={close} />;
  return <ImportProblemsDialog fileName={dialog.fileName} problems={dialog.problems} onClose={close} />;
}

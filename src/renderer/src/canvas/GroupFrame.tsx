/** A group's frame on the canvas: a title bar with the editable label (drag the bar to move the group). */
import type { NodeProps } from "@xyflow/react";
import { memo, useEffect, useState } from "react";
import { editor } from "../store/editorStore";
import { renameGroup } from "../store/groupOps";
import type { FrameFlowNode } from "./deriveGroups";

function GroupFrameView({ data }: NodeProps<FrameFlowNode>) {
  const { group, members } = data;
  const [label, setLabel] = useState(group.label);
  useEffect(() => setLabel(group.label), [group.label]);
  const commit = () => label !== group.label && editor().edit((d) => renameGroup(d, group.id, label));
  return (
    <div className="frame" data-testid={`group-${group.id}`} data-members={members}>
      <div className="frame__title">
        <input
          className="frame__label nodrag"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
          aria-label="Group label"
          data-testid={`group-label-${group.id}`}
          spellCheck={false}
        />
        <span className="frame__count">{members} node{members === 1 ? "" : "s"}</span>
      </div>
    </div>
  );
}

export const GroupFrame = memo(GroupFrameView);

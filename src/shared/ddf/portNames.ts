/** Config fields that declare port names (code, filter, review): valid identifiers, each listed once. */
import { z } from "zod";
import { VARIABLE_NAME } from "../template";

export const PortNameSchema = z.string().regex(VARIABLE_NAME, "port names use letters, digits and _ (not starting with a digit)");

export function portNameList(what: string) {
  return z.array(PortNameSchema).superRefine((names, ctx) => {
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: [i], message: `${what} "${n}" is listed twice` });
    });
  });
}

import { pipelineJsonSchema } from "../../../shared/pipeline/jsonSchema";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { UsageError } from "../command";

export const schemaCommand: Command = {
  ...COMMAND_INFO.schema,
  async run(args, io) {
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    io.out(JSON.stringify(pipelineJsonSchema(), null, 2));
    return 0;
  },
};

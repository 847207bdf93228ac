// One request line in, one response line out (PROTOCOL.md §1, §2), over impls/reference's
// dispatcher (createHandler: ids, unknown ops, ProtocolError codes, misuse as bad_input). Never
// throws: whatever the line holds, the answer is a well-formed response.
import { createHandler, type Response } from '@conform/impl-reference';
import { OPS } from './ops.js';

/** Answers one parsed request with fast-node's ops. */
export const handleRequest: (request: unknown) => Response = createHandler(OPS);

/** Answers one line of input; blank lines get no answer (`undefined`). */
export function handleLine(line: string): string | undefined {
  if (line.trim() === '') return undefined;
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return JSON.stringify({
      id: null,
      ok: false,
      error: 'bad_request',
      detail: `not JSON: ${reason.slice(0, 200)}`,
    });
  }
  // The handler builds `id` and `ok` first, as in the protocol's examples (the order carries no meaning).
  return JSON.stringify(handleRequest(request));
}

// Sequence numbers (R6.1, R6.2). Raw counters count messages; on the wire each is doubled and
// given a parity that says who sent it:
//   sender is the creator:      in_seq_no = 2·raw + 0, out_seq_no = 2·raw + 1
//   sender is the participant:  in_seq_no = 2·raw + 1, out_seq_no = 2·raw + 0
import type { Role } from '../role.js';

/** Parity of the out_seq_no written by `sender` (R6.2). */
export function outParity(sender: Role): 0 | 1 {
  return sender === 'creator' ? 1 : 0;
}

/** Parity of the in_seq_no written by `sender` (R6.2). */
export function inParity(sender: Role): 0 | 1 {
  return sender === 'creator' ? 0 : 1;
}

/** The wire form of a raw counter for a value written by `sender`. */
export function wireOut(sender: Role, raw: number): number {
  return 2 * raw + outParity(sender);
}

export function wireIn(sender: Role, raw: number): number {
  return 2 * raw + inParity(sender);
}

/** R6.3: do the received numbers have the parity `sender` must use? */
export function hasSenderParity(sender: Role, inSeqNo: number, outSeqNo: number): boolean {
  return (
    Number.isInteger(inSeqNo) &&
    Number.isInteger(outSeqNo) &&
    inSeqNo >= 0 &&
    outSeqNo >= 0 &&
    inSeqNo % 2 === inParity(sender) &&
    outSeqNo % 2 === outParity(sender)
  );
}

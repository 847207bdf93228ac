// Chat transcripts: the format, the player and the judge, shared by the generator and the runner.
export type {
  ImplStep,
  PeerStep,
  Step,
  TranscriptSpec,
  Observation,
  NormalizedCheckpoint,
  Seen,
  TranscriptAlternative,
} from './types.js';
export { playTranscript, canonicalMessages, type ImplSide, type Reply, type PlayOptions } from './play.js';
export { compareObservations, describeStep, sameJson, type Comparison } from './compare.js';

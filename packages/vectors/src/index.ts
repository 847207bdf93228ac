// @conform/vectors: the vector format and a loader. The JSON files in testvectors_v1/ can also be
// read without it; their JSON schemas are in schemas/.
export type {
  VectorFile,
  VectorGroup,
  VectorTest,
  VectorNote,
  VectorResult,
  BugType,
  CrossCheck,
} from './format.js';
export { listVectorFiles, loadVectorFile, VECTOR_FILES_DIR } from './loader.js';
export {
  playTranscript,
  compareObservations,
  describeStep,
  canonicalMessages,
  sameJson,
  type Step,
  type ImplStep,
  type PeerStep,
  type TranscriptSpec,
  type Observation,
  type NormalizedCheckpoint,
  type Seen,
  type TranscriptAlternative,
  type ImplSide,
  type Reply,
  type PlayOptions,
  type Comparison,
} from './transcript/index.js';

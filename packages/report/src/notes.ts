// What a vector's flags mean: the notes of the bundled vector files (@conform/vectors). A file the
// bundle does not have (a regression file from `conform fuzz --save`) simply has no descriptions.
import { listVectorFiles, loadVectorFile, type VectorNote } from '@conform/vectors';

export type NoteLookup = (file: string, flag: string) => VectorNote | undefined;

interface FileInfo {
  readonly algorithm: string;
  readonly notes: Readonly<Record<string, VectorNote>>;
}

let bundled: ReadonlyMap<string, FileInfo> | undefined;

function bundledFiles(): ReadonlyMap<string, FileInfo> {
  if (bundled === undefined) {
    const map = new Map<string, FileInfo>();
    try {
      for (const name of listVectorFiles()) {
        const file = loadVectorFile(name);
        map.set(name, { algorithm: file.algorithm, notes: file.notes });
      }
    } catch {
      // A report without flag descriptions is still a report.
    }
    bundled = map;
  }
  return bundled;
}

/** The note of a flag of a bundled vector file. */
export const bundledNote: NoteLookup = (file, flag) => {
  const notes = bundledFiles().get(file)?.notes;
  return notes !== undefined && Object.hasOwn(notes, flag) ? notes[flag] : undefined;
};

/** What a bundled vector file covers (its `algorithm`), or undefined for another file. */
export const bundledAlgorithm = (file: string): string | undefined => bundledFiles().get(file)?.algorithm;

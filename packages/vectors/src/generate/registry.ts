// tcIds are assigned by tooling, never by hand, and never reused (as in Wycheproof): each test has
// a stable key; the registry maps keys to ids per file and only ever grows. A test that disappears
// leaves its id retired, because `next` never goes back.

export interface RegistryFile {
  next: number;
  ids: Record<string, number>;
}
export type Registry = Record<string, RegistryFile>;

export class TcIdRegistry {
  private readonly data: Registry;
  readonly added: string[] = [];

  constructor(
    data: Registry,
    private readonly allowNew: boolean,
  ) {
    this.data = structuredClone(data);
  }

  idFor(file: string, key: string): number {
    const entry = (this.data[file] ??= { next: 1, ids: {} });
    const existing = entry.ids[key];
    if (existing !== undefined) return existing;
    if (!this.allowNew) {
      throw new Error(`${file}: test "${key}" has no tcId yet; run \`npm run generate -w @conform/vectors\``);
    }
    const id = entry.next++;
    entry.ids[key] = id;
    this.added.push(`${file}#${id} ${key}`);
    return id;
  }

  toJSON(): Registry {
    const sorted: Registry = {};
    for (const file of Object.keys(this.data).sort()) sorted[file] = this.data[file]!;
    return sorted;
  }
}

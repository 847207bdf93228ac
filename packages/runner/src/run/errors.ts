// Errors of `conform run` that decide its exit code (docs/design.md §5).

/** A usage or configuration problem: bad options, a missing or invalid conform.json. Exit 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

// Randomness is a parameter of the reference (docs/design.md, "The reference package"): callers pass an Rng, tests pass a
// deterministic one. The reference never reaches for ambient randomness.

/** Fills and returns `length` random bytes. */
export type Rng = (length: number) => Uint8Array;

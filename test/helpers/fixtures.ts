// Fixture builders shared by the tests of one file.

/**
 * A costly setup built once, on first use, by whichever test needs it first: any test that calls it runs alone
 * as well as in any order. Only for setups the tests read and do not change (a walked-through report they
 * export, not one they edit), or for the stages of a story that later stages only move forward; a test that
 * changes state in any other way builds its own.
 */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | null = null;
  return () => (built ??= build());
}

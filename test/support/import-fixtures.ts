import { createReadStream } from 'node:fs';
import { expect } from 'vitest';
import { ImportError } from '../../src/docker/imports/csv.js';

/** A file under test/fixtures/imports/. */
export const importFixturePath = (name: string) => new URL(`../fixtures/imports/${name}`, import.meta.url);

export const importFixture = (name: string) => createReadStream(importFixturePath(name));

/** Awaits a parse that must fail, and returns its ImportError (line, column, message) for assertions. */
export async function importFailure(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

import { isRestError, type RestError } from '@azure/core-rest-pipeline';

/** The RestError a call fails with (SDK packages bundle their own copies, so match by shape, not class). */
export async function caught(promise: Promise<unknown>): Promise<RestError> {
  try {
    await promise;
  } catch (error) {
    if (isRestError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

export async function all<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

import type { PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';

/**
 * Response bodies as bytes, for requests that asked for a streamed body (`streamResponseStatusCodes`):
 * the body is read inside the attempt, so the attempt timeout and the retries cover it as they cover
 * a text body, and the caller gets a Buffer rather than one large string (see page-items.ts).
 */
const bodies = new WeakMap<PipelineResponse, Buffer>();

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** A per-attempt policy, innermost: reads a streamed body to its end. */
export function readBodyPolicy(): PipelinePolicy {
  return {
    name: 'shipshapeReadBody',
    sendRequest: async (request, next) => {
      const response = await next(request);
      const stream = response.readableStreamBody;
      if (stream) {
        bodies.set(response, await readAll(stream));
        response.readableStreamBody = undefined;
      }
      return response;
    },
  };
}

/** The body {@link readBodyPolicy} read, if it read one. */
export function responseBytes(response: PipelineResponse): Buffer | undefined {
  return bodies.get(response);
}

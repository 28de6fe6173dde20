import { pipeline, Transform, type Readable } from 'node:stream';

/** The body passed through unchanged, counting its bytes on the way, for a write's result. */
export function counted(body: Readable): { stream: Readable; bytes: () => number } {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  pipeline([body, counter], () => undefined);
  return { stream: counter, bytes: () => bytes };
}

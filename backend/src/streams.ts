/**
 * Reads a byte stream to its end, at most `maxBytes` of it: past that the stream is
 * cancelled and `tooLarge()` thrown, so an oversized body is cut off early, not buffered.
 */
export async function readCapped(stream: ReadableStream<Uint8Array> | null | undefined, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

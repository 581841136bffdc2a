import { open, rename } from 'node:fs/promises';
import path from 'node:path';

/** The temporary file a replacement is written to first: the one lowdb's writers use, beside the file. */
export const temporaryFileOf = (filename: string): string => path.join(path.dirname(filename), `.${path.basename(filename)}.tmp`);

/**
 * Replaces a file with `text` on libuv's thread pool, as lowdb's asynchronous writer does: the text goes to a
 * temporary file beside it, renamed over it, so a crash leaves the old file or the new one.
 *
 * Why not that writer: it makes the text a Buffer before writing it. A tenant file above 4 KB gets an ArrayBuffer of
 * its own, and V8 frees one only in the collection that finds its Buffer dead; the checkpoints' Buffers mostly outlive
 * a young collection (they wait on the thread pool), so their memory stayed allocated until the next major one. Here
 * the string is handed to the write itself, and Node encodes it into memory the write frees when it is done.
 */
export async function replaceFileOffThread(filename: string, text: string): Promise<void> {
  const temporary = temporaryFileOf(filename);
  const handle = await open(temporary, 'w');
  try {
    const size = Buffer.byteLength(text, 'utf-8');
    let written = (await handle.write(text, null, 'utf-8')).bytesWritten;
    // A short write (a full disk, a signal) is finished from the bytes, where the string's offsets no longer apply.
    if (written < size) {
      const bytes = Buffer.from(text, 'utf-8');
      while (written < size) written += (await handle.write(bytes, written, size - written, null)).bytesWritten;
    }
  } finally {
    await handle.close();
  }
  await rename(temporary, filename);
}

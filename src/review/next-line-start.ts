/**
 * Where a part of a plain log may begin: the first line start at or after `offset` (just after a
 * newline), looked for within 1 MiB; undefined when there is none (a damaged stretch without
 * newlines: the file is then not cut there).
 */
import { open } from 'node:fs/promises';

const WINDOW = 1 << 20;

export async function nextLineStart(file: string, offset: number): Promise<number | undefined> {
  if (offset === 0) return 0;
  const handle = await open(file);
  try {
    const buffer = Buffer.alloc(WINDOW);
    // The byte before the offset: a newline there makes the offset itself a line start.
    const { bytesRead } = await handle.read(buffer, 0, WINDOW, offset - 1);
    const newline = buffer.subarray(0, bytesRead).indexOf(10);
    return newline === -1 ? undefined : offset + newline;
  } finally {
    await handle.close();
  }
}

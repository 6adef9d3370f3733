/** Writes files so that nothing is half-written: every file goes to a temporary name first, then all are renamed. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface FileToWrite {
  path: string;
  content: string | Uint8Array;
}

/**
 * Writes all files or none of the new content: each is written to a hidden temporary name beside its target,
 * and only when every write has succeeded are they renamed into place. On failure the temporaries are removed.
 */
export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<void> {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const staged: Array<{ temp: string; path: string }> = [];
  try {
    for (const file of files) {
      const dir = dirname(file.path);
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `.${basename(file.path)}.${suffix}`);
      staged.push({ temp, path: file.path });
      await writeFile(temp, file.content, { flag: 'wx' });
    }
    for (const { temp, path } of staged) await rename(temp, path);
  } catch (error) {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  }
}

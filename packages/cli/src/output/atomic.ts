/** Writes files so that nothing is half-written: every file goes to a temporary name first, then all are renamed. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../errors.ts';

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
    throw writeError(error);
  }
}

/** A failed write as a message for the user (exit 2): which path, why, and what to check. */
function writeError(error: unknown): Error {
  const { code, path, message } = error as NodeJS.ErrnoException;
  const where = path ?? 'the output';
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a file is in the way where a folder is needed',
    EEXIST: 'a file is in the way where a folder is needed',
    EISDIR: 'it is a folder',
    ENOSPC: 'the disk is full',
    EROFS: 'the file system is read-only',
  };
  const reason = (code && reasons[code]) ?? message;
  return new CliError(`Cannot write ${where}: ${reason}. Nothing was changed; check the output path (--out).`);
}

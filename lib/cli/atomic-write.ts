import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Makes a rename durable. Windows cannot open a directory; the rename is atomic there anyway. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // best effort, see above
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The file a symbolic link points to, so that replacing it updates that file instead of turning
 * the link into a copy; `path` itself when it is no link or does not exist yet.
 */
function linkTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw error;
  }
}

/**
 * Writes `text` to `path`, mode 0600, so that `path` never holds a partial file: the text goes
 * to a temporary file in the same directory (a rename does not cross file systems), is flushed
 * to disk, then takes the place of `path`. Without `replace` an existing `path` makes it throw
 * EEXIST: a hard link, unlike a rename, never replaces, so no check-then-write race can clobber.
 * With `replace`, a symbolic link at `path` stays and the file it points to is replaced.
 */
export function writeFileAtomically(path: string, text: string, replace: boolean): void {
  const target = replace ? linkTarget(path) : path;
  const directory = dirname(resolve(target));
  const temporary = join(directory, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    try {
      fchmodSync(fd, 0o600); // open's mode passes through the umask; this one does not
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (replace) {
      renameSync(temporary, target);
    } else {
      linkSync(temporary, path);
      rmSync(temporary);
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncDirectory(directory);
}

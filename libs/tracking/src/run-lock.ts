import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { RunStoreError } from '@recsearch/core';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One writer per run folder: `run.lock` holds the writing process's pid. A lock left by a
 * process that no longer exists (kill -9, a crash) is taken over; a live one is refused.
 */
export class RunLock {
  private constructor(private readonly file: string) {}

  static acquire(file: string): RunLock {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new RunLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(readFileSync(file, 'utf8'));
        if (owner !== process.pid && Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
          throw new RunStoreError(`${file.replace(/\/run\.lock$/, '')} is being written by process ${owner}; wait for it to stop (or stop it) first`);
        }
        rmSync(file, { force: true });
      }
    }
    throw new RunStoreError(`cannot take the lock ${file}`);
  }

  release(): void {
    rmSync(this.file, { force: true });
  }
}

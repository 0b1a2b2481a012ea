// The host's file port: reading inputs with IO errors a user understands, and writing outputs
// atomically (temporary name in the destination folder, fsync, rename), so a reader never sees
// a half-written file and a failure (full disk, no permission) leaves nothing behind.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../cli/command';
import { loadPruner } from '../native';
import type { Model } from '../../../entry/src/main/cpp/types/libpruner/Index';

/** The whole file; an IO UsageError ("cannot read <what> <path>: no such file") otherwise. */
export function readFileOrThrow(path: string, what = ''): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`cannot read ${what === '' ? '' : `${what} `}${path}: ${reason}`, 'IO');
  }
}

/** The bytes as an ArrayBuffer of their own (no copy when the view spans its whole buffer). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
}

/** True when both paths name the same file (the second may not exist yet). */
export function samePath(a: string, b: string): boolean {
  const real = (p: string): string => (existsSync(p) ? realpathSync(p) : resolve(p));
  return real(a) === real(b);
}

/** Writes `bytes` to `path` through a temporary file and a rename; IO UsageError on failure. */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const temp = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.tmp`);
  let fd = -1;
  try {
    fd = openSync(temp, 'wx');
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(temp, path);
  } catch (error) {
    if (fd >= 0) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // The temporary file was never created.
    }
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`, 'IO');
  }
}

/** Reads and parses a model file (IO or INVALID_MODEL errors). */
export function loadModel(path: string, what = 'model'): Model {
  return loadPruner().Model.fromBuffer(toArrayBuffer(readFileOrThrow(path, what)));
}

/**
 * @module
 * The PIN key file in the origin-private file system, at its root: beside, never inside, the
 * database's VFS pool. Written once through a synchronous access handle (workers only), flushed
 * before the till uses the key, so a key that sealed a PIN is on disk.
 */

/** The shape of `KeyFileStore` in mobile-till-host.ts, restated: this file compiles with the worker's DOM types only. */
export interface OpfsKeyFiles {
  read(name: string): Promise<Uint8Array | null>;
  create(name: string, bytes: Uint8Array): Promise<void>;
}

/** Null when this browser has no OPFS. */
export async function opfsKeyFiles(): Promise<OpfsKeyFiles | null> {
  if (typeof navigator.storage?.getDirectory !== 'function') return null;
  const root = await navigator.storage.getDirectory();
  return {
    async read(name) {
      let handle: FileSystemFileHandle;
      try {
        handle = await root.getFileHandle(name);
      } catch (error) {
        if ((error as { name?: string }).name === 'NotFoundError') return null;
        throw error;
      }
      return new Uint8Array(await (await handle.getFile()).arrayBuffer());
    },
    async create(name, bytes) {
      const handle = await root.getFileHandle(name, { create: true });
      const access = await handle.createSyncAccessHandle();
      try {
        access.truncate(0);
        access.write(bytes, { at: 0 });
        access.flush();
      } finally {
        access.close();
      }
    },
  };
}

/**
 * @module
 * The sandboxed preload: exposes `window.cassa` with exactly two functions, a call and an event
 * subscription, over the channels named in the shared contract. No Node, no ipcRenderer leaks.
 */
import { ipcChannels } from '@cassa/shared';

interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
}

interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

export function createBridge(ipcRenderer: IpcRendererLike) {
  return {
    call: (method: string, input: unknown, token: string | null) => ipcRenderer.invoke(ipcChannels.call, method, input, token),
    onEvent(listener: (name: string, payload: unknown) => void): () => void {
      const handler = (_event: unknown, name: unknown, payload: unknown) => {
        if (typeof name === 'string') listener(name, payload);
      };
      ipcRenderer.on(ipcChannels.event, handler);
      return () => ipcRenderer.removeListener(ipcChannels.event, handler);
    },
  };
}

// Only inside Electron: tests import createBridge without a window or electron module.
if (typeof process !== 'undefined' && process.versions.electron) {
  const { contextBridge, ipcRenderer } = require('electron') as { contextBridge: ContextBridgeLike; ipcRenderer: IpcRendererLike };
  contextBridge.exposeInMainWorld('cassa', createBridge(ipcRenderer));
}

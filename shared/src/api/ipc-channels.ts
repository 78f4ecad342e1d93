/** The Electron IPC channels, named once for the main process and the preload script. */
export const ipcChannels = {
  /** invoke(method, input, token) → ApiResult */
  call: 'cassa:call',
  /** main → renderer: (name, payload) */
  event: 'cassa:event',
} as const;

/**
 * @module
 * Where Cassa keeps its data on a machine: `CASSA_DATA_DIR`, or the per-user data folder each OS
 * expects. Pure (the caller passes the environment, platform and home folder), so the till host
 * and the sync server agree without either importing the other.
 */

export interface DataDirInputs {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `process.platform`. */
  readonly platform: string;
  readonly home: string;
}

export function perUserDataDir({ env, platform, home }: DataDirInputs): string {
  if (env.CASSA_DATA_DIR) return env.CASSA_DATA_DIR;
  if (platform === 'win32') return `${env.APPDATA ?? `${home}\\AppData\\Roaming`}\\Cassa`;
  if (platform === 'darwin') return `${home}/Library/Application Support/Cassa`;
  return `${env.XDG_DATA_HOME ?? `${home}/.local/share`}/cassa`;
}

/** Types for `build-if-stale.mjs` (a plain Node script, so `npm run` needs no TypeScript). */
export interface WebAppTarget {
  readonly config: string;
  readonly outDir: string;
  readonly inputs: readonly string[];
}
export declare const targets: Readonly<Record<'renderer' | 'head-office' | 'mobile', WebAppTarget>>;
export declare function sourceHash(target: WebAppTarget, base?: string): string;
export declare function isStale(target: WebAppTarget, base?: string): boolean;
export declare function writeStamp(target: WebAppTarget, hash: string, base?: string): void;

/**
 * @module
 * Remembers the till window's size and position between runs, in the data folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rectangle } from './electron-api';

const fileName = 'window-state.json';
const fallback = { width: 1280, height: 800 };

export function loadWindowState(dataDir: string): Partial<Rectangle> & { width: number; height: number } {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, fileName), 'utf8')) as Partial<Rectangle>;
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
    if (!ok(parsed.width) || !ok(parsed.height) || parsed.width < 400 || parsed.height < 300) return fallback;
    return {
      width: parsed.width,
      height: parsed.height,
      ...(ok(parsed.x) && ok(parsed.y) ? { x: parsed.x, y: parsed.y } : {}),
    };
  } catch {
    return fallback;
  }
}

export function saveWindowState(dataDir: string, bounds: Rectangle): void {
  try {
    writeFileSync(join(dataDir, fileName), JSON.stringify(bounds));
  } catch {
    // Losing the window size is not worth failing a shutdown for.
  }
}

/**
 * @module
 * Real pseudo-terminal pairs from socat, for serial tests without hardware. The driver opens one
 * end through serialport exactly as it would a USB-serial adapter; the test plays the device on
 * the other end. With `links`, the ends are stable symlinks, so a "replugged" device (a new socat
 * on the same links) appears at the same path, like a udev by-id name.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface PtyPair {
  /** The end the driver opens. */
  readonly devicePath: string;
  /** The end the fake device uses. */
  readonly peerPath: string;
  /** Kills socat: both ends vanish, like a pulled cable. */
  kill(): Promise<void>;
}

export async function isSocatAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = spawn('socat', ['-V'], { stdio: 'ignore' });
    probe.on('error', () => resolve(false));
    probe.on('exit', (code) => resolve(code === 0));
  });
}

/** Starts `socat pty,raw,echo=0 pty,raw,echo=0` and waits until both ends exist. */
export async function openPtyPair(links?: { device: string; peer: string }): Promise<PtyPair> {
  const end = (link?: string) => `pty,raw,echo=0${link ? `,link=${link}` : ''}`;
  const child = spawn('socat', ['-d', '-d', end(links?.device), end(links?.peer)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const paths = await new Promise<[string, string]>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`socat did not report two ptys in 5 s: ${stderr}`));
    }, 5000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = [...stderr.matchAll(/PTY is (\S+)/g)].map((m) => m[1] ?? '');
      // "starting data transfer loop" is printed once both ends are ready.
      if (found.length >= 2 && /starting data transfer loop/.test(stderr)) {
        clearTimeout(timer);
        resolve([found[0] ?? '', found[1] ?? '']);
      }
    });
  });
  const devicePath = links?.device ?? paths[0];
  const peerPath = links?.peer ?? paths[1];
  if (links) await waitFor(() => existsSync(links.device) && existsSync(links.peer));
  return { devicePath, peerPath, kill: () => killChild(child) };
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for pty links');
    await new Promise((r) => setTimeout(r, 10));
  }
}

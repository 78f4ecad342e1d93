/** Polls `probe` until `ok` holds, for tests that wait on another process or a network round. */
export async function until<T>(probe: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 10_000, what = 'the condition'): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import { describe, expect, it } from 'vitest';
import { ipcChannels } from '@cassa/shared';
import { createBridge } from './preload';

describe('the preload bridge', () => {
  it('exposes only a call and an event subscription over the contract channels', async () => {
    const invoked: unknown[][] = [];
    const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
    const bridge = createBridge({
      invoke: async (...args) => {
        invoked.push(args);
        return { ok: true, data: 1 };
      },
      on: (channel, listener) => void listeners.set(channel, listener),
      removeListener: (channel) => void listeners.delete(channel),
    });
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent']);
    expect(await bridge.call('app.info', {}, 'tok')).toEqual({ ok: true, data: 1 });
    expect(invoked).toEqual([[ipcChannels.call, 'app.info', {}, 'tok']]);

    const seen: unknown[] = [];
    const off = bridge.onEvent((name, payload) => seen.push([name, payload]));
    listeners.get(ipcChannels.event)!({}, 'sale.changed', { id: 'x' });
    expect(seen).toEqual([['sale.changed', { id: 'x' }]]);
    off();
    expect(listeners.has(ipcChannels.event)).toBe(false);
  });
});

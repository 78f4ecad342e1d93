import { describe, expect, it } from 'vitest';
import { SerialQueue, queueForEndpoint } from './serial-queue';

describe('SerialQueue', () => {
  it('runs one job at a time in arrival order, through failures', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    let running = 0;
    const job = (name: string, ms: number, fail = false) => async (): Promise<string> => {
      running++;
      events.push(`start ${name} (${running} running)`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run(job('a', 30)), queue.run(job('b', 5, true)), queue.run(job('c', 1))]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a', 'b', 'c']);
    expect(results[1]?.status).toBe('rejected');
    expect(events).toEqual(['start a (1 running)', 'end a', 'start b (1 running)', 'end b', 'start c (1 running)', 'end c']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queue.size).toBe(0);
  });

  it('gives one queue per endpoint', () => {
    expect(queueForEndpoint('http://10.0.0.1:80')).toBe(queueForEndpoint('http://10.0.0.1:80'));
    expect(queueForEndpoint('http://10.0.0.1:80')).not.toBe(queueForEndpoint('https://10.0.0.1:443'));
  });
});

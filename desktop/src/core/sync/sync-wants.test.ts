import { syncStreams } from '@cassa/shared';
import { describe, expect, it } from 'vitest';
import { createSyncWants, streamsInPullOrder, wantEverything } from './sync-wants';

describe('the order streams are pulled in', () => {
  it('is the catalogue before its prices, whatever order they were wanted in', () => {
    const wants = createSyncWants();
    wantEverything(wants, syncStreams);
    // The catalogue paused for a push (or failed) and wanted again: a Set puts it last.
    wants.pull.delete('catalogue');
    wants.pull.add('catalogue');
    expect([...wants.pull].indexOf('catalogue')).toBeGreaterThan([...wants.pull].indexOf('prices'));
    const order = streamsInPullOrder(wants.pull);
    expect(order).toEqual([...syncStreams]);
    expect(order.indexOf('catalogue')).toBeLessThan(order.indexOf('prices'));
  });

  it('pulls only what is wanted', () => {
    const wants = createSyncWants();
    wants.pull.add('users');
    wants.pull.add('prices');
    expect(streamsInPullOrder(wants.pull)).toEqual(['prices', 'users']);
  });
});

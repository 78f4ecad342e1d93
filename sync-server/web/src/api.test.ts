import type { DashboardView, HeadOfficeContract, HttpOutputOf, PlanView, StoreView } from '@cassa/shared';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { hoClient } from './api';

describe("the head-office web app's client", () => {
  it("returns the contract's outputs, typed from the declarations rather than picked by the caller", () => {
    expectTypeOf<Awaited<ReturnType<typeof hoClient.call<'stores.list'>>>>().toEqualTypeOf<StoreView[]>();
    expectTypeOf<Awaited<ReturnType<typeof hoClient.call<'plan.get'>>>>().toEqualTypeOf<PlanView>();
    expectTypeOf<Awaited<ReturnType<typeof hoClient.call<'dashboard.get'>>>>().toEqualTypeOf<DashboardView>();
    expectTypeOf<Awaited<ReturnType<typeof hoClient.call<'transfers.list'>>>>().toEqualTypeOf<HttpOutputOf<HeadOfficeContract, 'transfers.list'>>();
    const neverRun = () => {
      // @ts-expect-error: no such procedure
      void hoClient.call('stores.delete');
      // @ts-expect-error: the live dashboard is an event stream, opened by URL
      void hoClient.call('dashboard.events');
    };
    expect(neverRun).toBeTypeOf('function');
  });

  it('builds every URL under /api/ho from the declaration, path params encoded', () => {
    expect(hoClient.url('dashboard.events')).toBe('/api/ho/events');
    expect(hoClient.url('passwordReset.peek', { token: 'a/b c' })).toBe('/api/ho/password-reset/a%2Fb%20c');
  });
});

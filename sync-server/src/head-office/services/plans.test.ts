import { describe, expect, it } from 'vitest';
import { engines } from '../../../test/fixtures';
import type { Engine } from '../../../test/fixtures';
import { refusal, worldPerTest } from '../../../test/head-office-services';
import { createPlans } from './plans';

describe.each(engines)('plans service on $name', (engine: Engine) => {
  const start = worldPerTest(engine);

  it('an organisation without a plan shows the default; ensurePlan stores it; choosing moves to an offer', async () => {
    const world = await start();
    const org = await world.admin.createOrganisation({ id: 'org-a', name: 'A' });
    const plans = createPlans({ ho: world.storage.headOffice, defaultPlan: { plan: 'tiny', maxRegisters: 1, maxUsers: 0 } });
    expect(await plans.view(org.id)).toEqual({ plan: 'tiny', maxRegisters: 1, maxUsers: 0, registers: 0, users: 0 });
    expect(await world.storage.headOffice.getPlan(org.id)).toBeNull();
    await plans.ensurePlan(org.id);
    expect(await world.storage.headOffice.getPlan(org.id)).toEqual({ plan: 'tiny', maxRegisters: 1, maxUsers: 0 });
    expect(await refusal(plans.requireFreeSeat(org.id, 'users'))).toEqual({ code: 'CONFLICT', details: { limit: 'users', max: 0 } });
    await plans.requireFreeSeat(org.id, 'registers');

    expect(await plans.choose(org.id, 'business')).toEqual({ plan: 'business', maxRegisters: 25, maxUsers: 25, registers: 0, users: 0 });
    await plans.requireFreeSeat(org.id, 'users');
    // An existing plan is kept: ensurePlan only fills a missing one.
    await plans.ensurePlan(org.id);
    expect((await plans.view(org.id)).plan).toBe('business');
  });

  it('an unknown plan is refused with the names on offer', async () => {
    const world = await start();
    const org = await world.admin.createOrganisation({ id: 'org-a', name: 'A' });
    const plans = createPlans({ ho: world.storage.headOffice });
    const error = await plans.choose(org.id, 'platinum').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/starter, business, chain/) });
    expect((await plans.view(org.id)).plan).toBe('starter');
    expect((await refusal(plans.choose(org.id, 'platinum'))).code).toBe('NOT_FOUND');
  });
});

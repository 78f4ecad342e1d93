/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper B (webhooks); replaced by the real declarations.
 */
import type { HttpContract } from '../../api/http-contract';
import type { HeadOfficeAccess } from '../access';

export const webhooksContract = {} as const satisfies HttpContract<HeadOfficeAccess>;

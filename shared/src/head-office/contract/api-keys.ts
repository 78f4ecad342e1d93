/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper A (API keys); replaced by the real declarations.
 */
import type { HttpContract } from '../../api/http-contract';
import type { HeadOfficeAccess } from '../access';

export const apiKeysContract = {} as const satisfies HttpContract<HeadOfficeAccess>;

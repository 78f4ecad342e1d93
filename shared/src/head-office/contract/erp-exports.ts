/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper C (ERP exports); replaced by the real declarations.
 */
import type { HttpContract } from '../../api/http-contract';
import type { HeadOfficeAccess } from '../access';

export const erpExportsContract = {} as const satisfies HttpContract<HeadOfficeAccess>;

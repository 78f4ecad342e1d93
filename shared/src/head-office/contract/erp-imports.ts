/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper D (ERP imports); replaced by the real declarations.
 */
import type { HttpContract } from '../../api/http-contract';
import type { HeadOfficeAccess } from '../access';

export const erpImportsContract = {} as const satisfies HttpContract<HeadOfficeAccess>;

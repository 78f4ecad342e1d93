/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper D (ERP imports); replaced by the real module.
 */
export {};

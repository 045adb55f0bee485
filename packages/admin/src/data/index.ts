export { createAdminData, type AdminDatabase, type AdminDataOptions } from './create-admin-data.js'
export { AdminConfigError, AdminInputError, AdminNotFoundError } from './errors.js'
export type * from './types.js'

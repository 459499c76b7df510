import { types } from 'pg';

/**
 * node-postgres turns `date` columns into JS Dates at local midnight, which shifts calendar
 * dates across time zones. Billing dates are calendar dates: keep them as 'YYYY-MM-DD' strings.
 * `numeric` already arrives as a string (exact), which is what money needs.
 */
const DATE_OID = 1082;
types.setTypeParser(DATE_OID, (value: string) => value);

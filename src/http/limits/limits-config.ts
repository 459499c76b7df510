/** Page size assumed for a list whose size the request does not give (the read side's default page). */
export const DEFAULT_LIST_SIZE = 25;

/** Rows assumed for a nested list that has no page size argument (line items, payments, refunds, history). */
export const NESTED_LIST_SIZE = 10;

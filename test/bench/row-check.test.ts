import { answerRows, firstDifference } from '../../bench/lib/row-check';

/** The bench's correctness check: the same rows in each API's naming compare equal, any other row does not. */
describe('bench row check', () => {
  const ours = {
    data: {
      invoiceById: {
        id: 'i1', name: 'INV-00000001', status: 'ACTIVE', paymentStatus: 'PAID', currencyIsoCode: 'USD', invoiceDate: '2026-01-01', dueDate: '2026-01-31',
        paymentTerms: 'Net30', poNumber: null, notes: null, subtotal: '100.00', discountAmount: '0.00', amountWithoutTax: '100.00', taxAmount: '5.00',
        shippingAndHandling: '0.00', amount: '105.00', amountPaid: '105.00', balance: '0.00', createdDate: '2025-12-31T10:00:00.000Z',
        customer: { id: 'c1', customerNumber: 'CUST-1', companyName: 'Acme', companyEmail: 'a@x', companyPhone: '1', billingAddress: { street: 's', city: 'c', state: 'st', postalCode: '1', country: 'US' } },
        billToContact: { id: 'k1', firstName: 'Ada', lastName: 'L', email: 'ada@x' },
        lineItems: [{ id: 'l1', lineNumber: 1, productCode: 'SKU', description: 'd', quantity: '2', unitPrice: '50.00', discountAmount: '0.00', taxAmount: '5.00', amount: '100.00' }],
        payments: [{ id: 'p1', amount: '105.00', currency: 'USD', method: 'EFT', status: 'COMPLETED', receivedDate: '2026-01-05', refundedAmount: '0.00', refunds: [] }],
        comments: [{ id: 'm1', comment: 'hello', createTime: '2026-01-02T00:00:00.000Z' }],
        history: [{ action: 'CREATE', fromStatus: null, toStatus: 'DRAFT', createdAt: '2025-12-31T10:00:00.000Z' }],
      },
    },
  };
  // The same invoice as PostGraphile v5 (amber) answers it: rowId, *ByTenantIdAnd* connections, PostgreSQL's timestamp text.
  const v5 = {
    data: {
      invoiceByTenantIdAndRowId: {
        rowId: 'i1', invoiceNumber: 'INV-00000001', status: 'ACTIVE', paymentStatus: 'PAID', currencyIsoCode: 'USD', invoiceDate: '2026-01-01', dueDate: '2026-01-31',
        paymentTerms: 'Net30', poNumber: null, notes: null, subtotal: '100.00', discountAmount: '0.00', amountWithoutTax: '100.00', taxAmount: '5.00',
        shippingAndHandling: '0.00', amount: '105.00', amountPaid: '105.00', balance: '0.00', createdDate: '2025-12-31T10:00:00.000000+00:00',
        customerByTenantIdAndCustomerId: { rowId: 'c1', customerNumber: 'CUST-1', companyName: 'Acme', companyEmail: 'a@x', companyPhone: '1', billingAddress: { country: 'US', city: 'c', street: 's', state: 'st', postalCode: '1' } },
        contactByTenantIdAndBillToContactId: { rowId: 'k1', firstName: 'Ada', lastName: 'L', email: 'ada@x' },
        invoiceLineItemsByTenantIdAndInvoiceId: { nodes: [{ rowId: 'l1', lineNumber: 1, productCode: 'SKU', description: 'd', quantity: '2.0', unitPrice: '50.00', discountAmount: '0', taxAmount: '5.00', amount: '100.00' }] },
        paymentsByTenantIdAndInvoiceId: { nodes: [{ rowId: 'p1', amount: '105.00', currency: 'USD', method: 'EFT', status: 'COMPLETED', receivedDate: '2026-01-05', refundedAmount: '0.00', refundsByTenantIdAndPaymentId: { nodes: [] } }] },
        invoiceCommentsByTenantIdAndInvoiceId: { nodes: [{ rowId: 'm1', comment: 'hello', createTime: '2026-01-02T00:00:00+00:00' }] },
        invoiceHistoriesByTenantIdAndInvoiceId: { nodes: [{ action: 'CREATE', fromStatus: null, toStatus: 'DRAFT', createdAt: '2025-12-31T10:00:00+00:00' }] },
      },
    },
  };

  it('finds the same rows in both namings and formats', () => {
    expect(answerRows('w3', ours)).not.toBeNull();
    expect(firstDifference(answerRows('w3', ours), answerRows('w3', v5))).toBeNull();
  });

  it('names the first row that differs', () => {
    const other = structuredClone(v5);
    other.data.invoiceByTenantIdAndRowId.invoiceCommentsByTenantIdAndInvoiceId.nodes[0].rowId = 'm2';
    expect(firstDifference(answerRows('w3', ours), answerRows('w3', other))).toBe('comments[0].id: "m1" ≠ "m2"');
    other.data.invoiceByTenantIdAndRowId.invoiceCommentsByTenantIdAndInvoiceId.nodes[0].rowId = 'm1';
    other.data.invoiceByTenantIdAndRowId.invoiceHistoriesByTenantIdAndInvoiceId.nodes = [];
    expect(firstDifference(answerRows('w3', ours), answerRows('w3', other))).toBe('history: 1 rows ≠ 0 rows');
  });

  it('compares lists in order and money as values', () => {
    const w1 = (rows: object[]) => ({ data: { invoice: rows } });
    const a = { name: 'INV-1', status: 'ACTIVE', amount: '1.50', createdDate: '2026-01-01T00:00:00.000Z' };
    const b = { name: 'INV-2', status: 'ACTIVE', amount: '2.00', createdDate: '2026-01-01T00:00:00.000Z' };
    const pg = (rows: object[]) => ({ data: { allInvoices: { nodes: rows } } });
    expect(firstDifference(answerRows('w1', w1([a, b])), answerRows('w1', pg([{ ...a, name: undefined, invoiceNumber: 'INV-1', amount: '1.5' }, { ...b, name: undefined, invoiceNumber: 'INV-2' }])))).toBeNull();
    expect(firstDifference(answerRows('w1', w1([a, b])), answerRows('w1', w1([b, a])))).toBe('[0].number: "INV-1" ≠ "INV-2"');
    expect(firstDifference(answerRows('w1', w1([a])), answerRows('w1', w1([{ ...a, amount: '1.51' }])))).toBe('[0].amount: "1.5" ≠ "1.51"');
  });

  it('has no rows for an answer with errors', () => {
    expect(answerRows('w2', { errors: [{ message: 'boom' }], data: null })).toBeNull();
    expect(answerRows('w2', { data: { invoices: { totalCount: 0, nodes: [] } } })).toEqual({ totalCount: 0, nodes: [] });
  });
});

import { insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';

/**
 * contains / startsWith fold case by Unicode's full case folding (CaseFolding.txt, statuses C and
 * F, as PostgreSQL 18's casefold() applies it): the final sigma, and a sample of the table's rows
 * across scripts, each in both directions (text holding the character is found by its folding and
 * text holding the folding by the character).
 */
const FOLDING_SAMPLE: Array<[string, string, string]> = [
  // [code point, character, its case folding]
  ['03C2 final sigma', '\u03C2', '\u03C3'],
  ['03A3 capital sigma', '\u03A3', '\u03C3'],
  ['00DF sharp s (F)', '\u00DF', 'ss'],
  ['1E9E capital sharp s (F)', '\u1E9E', 'ss'],
  ['0130 I with dot above (F)', '\u0130', 'i\u0307'],
  ['017F long s', '\u017F', 's'],
  ['00B5 micro sign', '\u00B5', '\u03BC'],
  ['212A Kelvin sign', '\u212A', 'k'],
  ['212B Angstrom sign', '\u212B', '\u00E5'],
  ['FB01 fi ligature (F)', '\uFB01', 'fi'],
  ['0149 n preceded by apostrophe (F)', '\u0149', '\u02BCn'],
  ['0390 iota with dialytika and tonos (F)', '\u0390', '\u03B9\u0308\u0301'],
  ['0345 combining ypogegrammeni', '\u0345', '\u03B9'],
  ['03D0 beta symbol', '\u03D0', '\u03B2'],
  ['1E9B long s with dot above', '\u1E9B', '\u1E61'],
  ['1C90 Georgian Mtavruli an', '\u1C90', '\u10D0'],
  ['AB70 Cherokee small a (folds to capital)', '\uAB70', '\u13A0'],
  ['13F8 Cherokee small ye (folds to capital)', '\u13F8', '\u13F0'],
  ['10400 Deseret long i', '\u{10400}', '\u{10428}'],
  ['0041 Latin A', 'A', 'a'],
];

describe('Unicode case folding in contains / startsWith', () => {
  let svc: TestService;
  let key: string;
  let tenantId: string;
  let customerId: string;

  beforeAll(async () => {
    svc = await startTestService();
    const t = await svc.newTenant('Case folding');
    key = t.apiKey;
    tenantId = t.tenantId;
    customerId = await insertCustomer(svc.dataSource, tenantId);
  });
  afterAll(() => svc?.stop());

  const withNotes = (notes: string) => insertInvoice(svc.dataSource, tenantId, { customerId, notes });
  const matching = async (op: 'contains' | 'startsWith', value: string, ids: string[]) => {
    const res = await svc.gql(key, 'query($ids: [ID!], $w: StringFilter!) { invoice(where: {id: {in: $ids}, notes: $w}, limit: 500) { id } }',
      { ids, w: { [op]: value } });
    expect(res.errors).toBeUndefined();
    return res.data.invoice.map((i: { id: string }) => i.id).sort();
  };

  it('"ΣΊΣΥΦΟΣ" finds "Σίσυφος" (final sigma), and the other way round', async () => {
    const word = await withNotes('Σίσυφος');
    const upper = await withNotes('ΣΊΣΥΦΟΣ');
    const other = await withNotes('Σίσυφο');
    const ids = [word, upper, other];
    expect(await matching('contains', 'ΣΊΣΥΦΟΣ', ids)).toEqual([word, upper].sort());
    expect(await matching('contains', 'σίσυφος', ids)).toEqual([word, upper].sort());
    expect(await matching('startsWith', 'σΊσυφοσ', ids)).toEqual([word, upper].sort());
    expect(await matching('contains', 'ΦΟΣ', ids)).toEqual([word, upper].sort());
  });

  it.each(FOLDING_SAMPLE)('U+%s: the character and its folding find each other', async (_name, char, folded) => {
    const withChar = await withNotes(`x${char}y`);
    const withFolded = await withNotes(`x${folded}y`);
    const unrelated = await withNotes('xzy');
    const ids = [withChar, withFolded, unrelated];
    const both = [withChar, withFolded].sort();
    expect(await matching('contains', char, ids)).toEqual(both);
    expect(await matching('contains', folded, ids)).toEqual(both);
    expect(await matching('startsWith', `X${char}`, ids)).toEqual(both);
    expect(await matching('startsWith', `x${folded.toUpperCase()}`, ids)).toEqual(both);
  });

  it('customers: companyNameContains and companyEmail fold alike', async () => {
    const t = await svc.newTenant('Case folding customers');
    const id = await insertCustomer(svc.dataSource, t.tenantId, { companyName: 'Σίσυφος Straße AE', companyEmail: 'ΣΊΣΥΦΟΣ@example.gr' });
    const byName = await svc.gql(t.apiKey, '{ customers(where: {companyName: {contains: "ΣΊΣΥΦΟΣ STRASSE"}}) { id } }');
    expect(byName.data.customers).toEqual([{ id }]);
    const byEmail = await svc.gql(t.apiKey, '{ customers(filter: {companyEmail: "σίσυφος@EXAMPLE.GR"}) { id } }');
    expect(byEmail.data.customers).toEqual([{ id }]);
  });
});

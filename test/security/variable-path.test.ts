import { variableValuePath } from '../../src/http/format-error';

describe('path of a bad variable value', () => {
  it('is read from GraphQL\'s coercion message', () => {
    expect(variableValuePath('Variable "$i" got invalid value "ten" at "i.lineItems[0].unitPrice"; Decimal expects a number')).toEqual(['i', 'lineItems', 0, 'unitPrice']);
    expect(variableValuePath('Variable "$a" got invalid value "abc"; Decimal expects a number')).toEqual(['a']);
    expect(variableValuePath('Something else')).toBeUndefined();
  });
});

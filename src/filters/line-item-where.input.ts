import { Field, InputType } from 'type-graphql';
import { DateFilter, DecimalFilter, IdFilter, IntFilter, StringFilter } from './filter-operators.input';

@InputType({ description: 'Filter on one line item; fields AND-ed, and/or/not nest.' })
export class LineItemWhereInput {
  @Field(() => [LineItemWhereInput], { nullable: true }) and?: LineItemWhereInput[] | null;
  @Field(() => [LineItemWhereInput], { nullable: true }) or?: LineItemWhereInput[] | null;
  @Field(() => LineItemWhereInput, { nullable: true }) not?: LineItemWhereInput | null;

  @Field(() => IdFilter, { nullable: true }) id?: IdFilter | null;
  @Field(() => IntFilter, { nullable: true }) lineNumber?: IntFilter | null;
  @Field(() => StringFilter, { nullable: true }) productCode?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) description?: StringFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) quantity?: DecimalFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) unitPrice?: DecimalFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) discountAmount?: DecimalFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) taxAmount?: DecimalFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) amount?: DecimalFilter | null;
  @Field(() => DateFilter, { nullable: true }) startDate?: DateFilter | null;
  @Field(() => DateFilter, { nullable: true }) endDate?: DateFilter | null;
}

@InputType({ description: 'Quantifiers over an invoice\'s line items. `every` holds for an invoice without line items.' })
export class LineItemListFilter {
  @Field(() => LineItemWhereInput, { nullable: true, description: 'At least one line item matches.' }) some?: LineItemWhereInput | null;
  @Field(() => LineItemWhereInput, { nullable: true, description: 'No line item matches.' }) none?: LineItemWhereInput | null;
  @Field(() => LineItemWhereInput, { nullable: true, description: 'Every line item matches (true when there are none).' }) every?: LineItemWhereInput | null;
}

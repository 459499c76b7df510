import { Field, InputType } from 'type-graphql';
import {
  DateFilter, DateTimeFilter, DecimalFilter, IdFilter, PaymentMethodFilter, PaymentRecordStatusFilter, StringFilter,
} from './filter-operators.input';

@InputType({ description: 'Filter on one payment; fields AND-ed, and/or/not nest.' })
export class PaymentWhereInput {
  @Field(() => [PaymentWhereInput], { nullable: true }) and?: PaymentWhereInput[] | null;
  @Field(() => [PaymentWhereInput], { nullable: true }) or?: PaymentWhereInput[] | null;
  @Field(() => PaymentWhereInput, { nullable: true }) not?: PaymentWhereInput | null;

  @Field(() => IdFilter, { nullable: true }) id?: IdFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) amount?: DecimalFilter | null;
  @Field(() => StringFilter, { nullable: true }) currency?: StringFilter | null;
  @Field(() => PaymentMethodFilter, { nullable: true }) method?: PaymentMethodFilter | null;
  @Field(() => PaymentRecordStatusFilter, { nullable: true }) status?: PaymentRecordStatusFilter | null;
  @Field(() => DateFilter, { nullable: true }) receivedDate?: DateFilter | null;
  @Field(() => StringFilter, { nullable: true }) referenceNumber?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) notes?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) paymentProfileId?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) cardBrand?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) cardLast4?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) failureReason?: StringFilter | null;
  @Field(() => DecimalFilter, { nullable: true }) refundedAmount?: DecimalFilter | null;
  @Field(() => DateTimeFilter, { nullable: true }) createdDate?: DateTimeFilter | null;
  @Field(() => DateTimeFilter, { nullable: true }) completedAt?: DateTimeFilter | null;
  @Field(() => DateTimeFilter, { nullable: true }) failedAt?: DateTimeFilter | null;
}

@InputType({ description: 'Quantifiers over an invoice\'s payments. `every` holds for an invoice without payments.' })
export class PaymentListFilter {
  @Field(() => PaymentWhereInput, { nullable: true, description: 'At least one payment matches.' }) some?: PaymentWhereInput | null;
  @Field(() => PaymentWhereInput, { nullable: true, description: 'No payment matches.' }) none?: PaymentWhereInput | null;
  @Field(() => PaymentWhereInput, { nullable: true, description: 'Every payment matches (true when there are none).' }) every?: PaymentWhereInput | null;
}

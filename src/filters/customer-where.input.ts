import { Field, InputType } from 'type-graphql';
import { DateTimeFilter, IdFilter, StringFilter } from './filter-operators.input';

@InputType({ description: 'Filter on customers (the `customers` query, or an invoice\'s `customer`); fields AND-ed, and/or/not nest.' })
export class CustomerWhereInput {
  @Field(() => [CustomerWhereInput], { nullable: true }) and?: CustomerWhereInput[] | null;
  @Field(() => [CustomerWhereInput], { nullable: true }) or?: CustomerWhereInput[] | null;
  @Field(() => CustomerWhereInput, { nullable: true }) not?: CustomerWhereInput | null;

  @Field(() => IdFilter, { nullable: true }) id?: IdFilter | null;
  @Field(() => StringFilter, { nullable: true, description: "The customer's id in another system (Nue's 001ks00000dvz1ayad)." }) externalId?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) customerNumber?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) companyName?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) companyEmail?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true }) companyPhone?: StringFilter | null;
  @Field(() => DateTimeFilter, { nullable: true }) createdDate?: DateTimeFilter | null;
  @Field(() => DateTimeFilter, { nullable: true }) lastModifiedDate?: DateTimeFilter | null;
}

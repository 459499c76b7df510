import { Field, ID, InputType } from 'type-graphql';
import { IsEmail, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

const NAME = [IsOptional(), IsString(), MaxLength(200)];
const name = (): PropertyDecorator => (target, key) => NAME.forEach((d) => d(target, key as string));

/** The person fields createContact and updateContact share. */
@InputType('ContactFieldsInput')
export class ContactFieldsInput {
  @Field(() => String, { nullable: true }) @name() firstName?: string | null;
  @Field(() => String, { nullable: true }) @name() lastName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() @MaxLength(320) email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(60) phone?: string | null;
}

@InputType({ description: 'A new contact of a customer (an invoice\'s billToContact): at least a name or an email.' })
export class CreateContactInput extends ContactFieldsInput {
  @Field(() => ID, { description: 'The customer the contact belongs to.' }) @IsUUID('all') customerId: string;
}

@InputType({ description: 'A partial update of a contact: only the fields present change; null clears a field.' })
export class UpdateContactInput extends ContactFieldsInput {}

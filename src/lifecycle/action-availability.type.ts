import { Field, ObjectType } from 'type-graphql';
import { InvoiceStatus } from './invoice-status';
import { decide, InvoiceAction, InvoiceFacts, ALL_ACTIONS, targetOf } from './invoice-lifecycle';

@ObjectType({ description: 'Whether an action is allowed on the invoice now, derived from the lifecycle table.' })
export class ActionAvailability {
  @Field(() => InvoiceAction) action: InvoiceAction;
  @Field(() => Boolean) allowed: boolean;
  @Field(() => InvoiceStatus, { nullable: true, description: 'Where the action leads when allowed (null: same status or deleted).' }) nextStatus: InvoiceStatus | null;
  @Field(() => String, { nullable: true, description: 'Error code the action would fail with.' }) reasonCode: string | null;
  @Field(() => String, { nullable: true }) message: string | null;
}

/** Every action's availability for one invoice's facts. */
export function availableActions(facts: InvoiceFacts): ActionAvailability[] {
  return ALL_ACTIONS.map((action) => {
    const d = decide(facts, action);
    if (d.allowed) {
      const to = targetOf(d.rule);
      return { action, allowed: true, nextStatus: to === 'SAME' || to === 'DELETED' ? null : to, reasonCode: null, message: null };
    }
    return { action, allowed: false, nextStatus: null, reasonCode: d.code, message: d.message };
  });
}

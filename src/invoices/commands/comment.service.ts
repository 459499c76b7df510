import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { invoiceNotFound } from '../../common/errors';
import { InvoiceAction } from '../../lifecycle/invoice-lifecycle';
import { assertAllowed } from './refusal';
import { writeHistory } from '../invoice-history.writer';
import { lockInvoice } from '../invoice-lock';
import { Invoice } from '../invoice.entity';
import { Actor, isUuid } from './actor';
import { loadInvoiceRow } from './invoice-rows';
import { idempotentTransaction } from './idempotent-transaction';
import { validationFailed } from './validation';

/** The comment's author as shown to people: the API key's label, else its prefix. */
export async function authorName(q: Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>, actor: Actor): Promise<string | null> {
  if (!actor.apiKeyId) return 'scheduler';
  const [row] = await q.query('SELECT coalesce(label, key_prefix) AS name FROM api_key WHERE tenant_id = $1 AND id = $2', [actor.tenantId, actor.apiKeyId]);
  return row?.name ?? null;
}

/** Inserts one invoice comment (Nue invoiceComment) in the caller's transaction. */
export async function insertComment(m: EntityManager, actor: Actor, invoiceId: string, comment: string): Promise<void> {
  await m.query(
    `INSERT INTO invoice_comment (tenant_id, id, invoice_id, comment, create_time, author_id, author_name)
     VALUES ($1, $2, $3, $4, now(), $5, $6)`,
    [actor.tenantId, randomUUID(), invoiceId, comment, actor.apiKeyId, await authorName(m, actor)],
  );
}

/** addInvoiceComment: a comment plus its history entry (one transaction, idempotent with a key); allowed in every status the table lists. */
export class CommentService {
  constructor(private readonly ds: DataSource) {}

  async add(actor: Actor, invoiceId: string, comment: string, idempotencyKey?: string): Promise<Invoice> {
    if (!isUuid(invoiceId)) throw invoiceNotFound(invoiceId);
    const text = comment.trim();
    if (!text) throw validationFailed([{ path: ['comment'], message: 'must not be empty' }]);
    if (text.length > 4000) throw validationFailed([{ path: ['comment'], message: 'must be at most 4000 characters' }]);
    const call = { tenantId: actor.tenantId, idempotencyKey, operation: 'addInvoiceComment', args: { invoiceId: invoiceId.toLowerCase(), comment: text } };
    return idempotentTransaction(this.ds, call, async (m) => {
      const { facts } = await lockInvoice(m, actor.tenantId, invoiceId);
      assertAllowed(facts, InvoiceAction.ADD_COMMENT, invoiceId);
      await insertComment(m, actor, invoiceId, text);
      await writeHistory(m, {
        tenantId: actor.tenantId, invoiceId, action: InvoiceAction.ADD_COMMENT,
        fromStatus: facts.status, toStatus: facts.status, actorId: actor.apiKeyId, comment: text,
      });
      return loadInvoiceRow(this.ds, m, actor.tenantId, invoiceId);
    });
  }
}
